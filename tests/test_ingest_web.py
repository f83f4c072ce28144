"""Web pages and feeds from a local HTTP server: extraction, limits, failures reported."""

import time

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from web_server import PAGE, rss, web_server

from qa_bot.config import Settings
from qa_bot.errors import FetchError, UnreadableSourceError
from qa_bot.ingest.feed import parse_feed, read_feed
from qa_bot.ingest.web import fetch_page, is_url


@pytest.fixture(scope="module")
def server():
    with web_server() as running:
        yield running


@pytest.fixture
def settings():
    return Settings().replace("web", timeout_s=3.0, max_bytes=1_000_000)


def test_a_page_is_extracted_with_title_date_and_url(server, settings) -> None:
    server.body("/page.html", PAGE)
    article = fetch_page(f"{server.url}/page.html", settings)
    assert article.title == "Night market"
    assert "Mr Tan" in article.text and "Contact us" not in article.text
    assert article.url == article.path == f"{server.url}/page.html"
    assert article.date == "2024-05-06"


def test_redirects_are_followed_to_the_final_url(server, settings) -> None:
    server.body("/final.html", PAGE)
    server.redirect("/moved", "/final.html")
    assert fetch_page(f"{server.url}/moved", settings).url == f"{server.url}/final.html"


@pytest.mark.timeout(30)
def test_a_url_that_redirects_forever_stops_at_the_limit(server, settings) -> None:
    server.redirect("/loop", "/loop")
    began = time.perf_counter()
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_page(f"{server.url}/loop", settings)
    assert server.hits["/loop"] == settings.web.max_redirects + 1
    assert time.perf_counter() - began < 10


@pytest.mark.timeout(30)
def test_a_url_that_never_answers_times_out(server, settings) -> None:
    server.hang("/hang")
    began = time.perf_counter()
    with pytest.raises(FetchError, match="no answer within 1 s"):
        fetch_page(f"{server.url}/hang", settings.replace("web", timeout_s=1.0))
    assert time.perf_counter() - began < 5


@pytest.mark.timeout(30)
def test_a_page_that_trickles_forever_is_cut_at_the_deadline(server, settings) -> None:
    server.endless("/trickle", b"<p>x</p>", pause=0.1)
    began = time.perf_counter()
    with pytest.raises(FetchError, match="no complete answer within 1 s"):
        fetch_page(f"{server.url}/trickle", settings.replace("web", timeout_s=1.0))
    assert time.perf_counter() - began < 5


@pytest.mark.timeout(60)
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_a_50_mb_page_is_refused_at_the_size_cap(server, settings, declared: bool) -> None:
    path = f"/big-{declared}.html"
    server.endless(path, b"<p>" + b"word " * 20_000 + b"</p>", length=declared)
    began = time.perf_counter()
    with pytest.raises(FetchError, match="too large"):
        fetch_page(f"{server.url}{path}", settings)
    assert time.perf_counter() - began < 20


@pytest.mark.parametrize(
    "url, reason",
    [
        ("file:///etc/passwd", r"only http\(s\) URLs"),
        ("ftp://example.org/x", r"only http\(s\) URLs"),
        ("http://", "no host"),
    ],
)
def test_only_http_urls_are_fetched(settings, url: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        fetch_page(url, settings)


def test_http_errors_and_empty_pages_are_reported(server, settings) -> None:
    server.body("/empty.html", "<html><body><script>x()</script></body></html>")
    server.body("/image.png", b"\x89PNG", "image/png")
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_page(f"{server.url}/nothing-here", settings)
    with pytest.raises(UnreadableSourceError, match="no main text"):
        fetch_page(f"{server.url}/empty.html", settings)
    with pytest.raises(FetchError, match="not a web page"):
        fetch_page(f"{server.url}/image.png", settings)


def _post(number: int) -> str:
    return PAGE.replace("Night market", f"Post {number}").replace("1962", str(1900 + number))


def test_a_feed_is_read_and_a_rerun_reads_only_new_entries(server, settings) -> None:
    for number in range(3):
        server.body(f"/post/{number}.html", _post(number))
    entries = [
        {"guid": f"id-{n}", "title": f"Post {n}", "link": f"{server.url}/post/{n}.html"}
        for n in range(3)
    ]
    entries.append(
        {
            "guid": "id-broken",
            "title": "Gone",
            "link": f"{server.url}/gone.html",
            "description": "The summary of a post whose page is gone.",
        }
    )
    entries.append(
        {
            "guid": "id-nolink",
            "title": "Notice",
            "description": "&lt;b&gt;Bold&lt;/b&gt; notice text.",
        }
    )
    server.body("/feed.xml", rss(entries), "application/rss+xml")
    first = read_feed(f"{server.url}/feed.xml", settings)
    assert first.title == "Town news" and first.entries == 5
    by_title = {a.title: a for a in first.articles}
    assert set(by_title) == {"Post 0", "Post 1", "Post 2", "Gone", "Notice"}
    assert "1901" in by_title["Post 1"].text  # the page, not the feed's summary
    assert by_title["Post 1"].url == f"{server.url}/post/1.html"
    assert "page is gone" in by_title["Gone"].text  # the page failed: its summary stands in
    assert "Bold notice text" in by_title["Notice"].text and "<b>" not in by_title["Notice"].text
    assert first.seen == {"id-0", "id-1", "id-2", "id-broken", "id-nolink"}
    hits = server.hits["/post/0.html"]
    entries.append({"guid": "id-3", "title": "Post 3", "link": f"{server.url}/post/3.html"})
    server.body("/post/3.html", _post(3))
    server.body("/feed.xml", rss(entries), "application/rss+xml")
    second = read_feed(f"{server.url}/feed.xml", settings, seen=first.seen)
    assert [a.title for a in second.articles] == ["Post 3"]
    assert server.hits["/post/0.html"] == hits  # old entries are not fetched again


@pytest.mark.timeout(120)
def test_a_feed_of_10000_entries_is_read_up_to_the_cap(server, settings) -> None:
    entries = [
        {"guid": f"e{n}", "title": f"Entry {n}", "description": f"Entry {n} says {n * 7}."}
        for n in range(10_000)
    ]
    server.body("/huge.xml", rss(entries), "application/rss+xml")
    limited = settings.replace("web", max_bytes=10_000_000, max_feed_entries=50)
    began = time.perf_counter()
    result = read_feed(f"{server.url}/huge.xml", limited)
    assert len(result.articles) == 50 and result.entries == 10_000
    assert any("10000 new entries; read the first 50" in s.reason for s in result.skipped)
    following = read_feed(f"{server.url}/huge.xml", limited, seen=result.seen)
    assert {a.title for a in following.articles} == {f"Entry {n}" for n in range(50, 100)}
    assert time.perf_counter() - began < 90


def test_not_a_feed_is_reported(server, settings) -> None:
    server.body("/not-feed.xml", "just text, no feed", "text/plain")
    with pytest.raises(UnreadableSourceError, match="not a feed"):
        read_feed(f"{server.url}/not-feed.xml", settings)


def test_is_url() -> None:
    assert is_url("http://a/b") and is_url("ftp://x") and is_url("file:///x")
    assert not is_url("folder/file.txt") and not is_url("C:\\data") and not is_url("a:b")


@hypothesis_settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(str.encode),
        st.builds(
            lambda items: rss(items).encode(),
            st.lists(
                st.dictionaries(
                    st.sampled_from(["guid", "title", "link", "description"]),
                    st.text(max_size=30),
                    max_size=4,
                ),
                max_size=5,
            ),
        ),
    )
)
def test_any_feed_bytes_parse_or_raise_our_error(data: bytes) -> None:
    try:
        parsed = parse_feed(data)
    except UnreadableSourceError as exc:
        assert str(exc).startswith("not a feed")
    else:
        assert isinstance(parsed.entries, list)
