"""Fetch web pages over http(s) with hard limits, and turn a page into an Article."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpx

from qa_bot.config import Settings, WebSettings
from qa_bot.errors import FetchError
from qa_bot.ingest.html_pages import html_to_article
from qa_bot.types import Article

logger = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Fetched:
    """The body of a URL, after redirects."""

    url: str
    content_type: str
    charset: str | None
    body: bytes

    def text(self) -> str:
        """The body decoded with its declared charset (UTF-8 when none), never raising."""
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # an unknown charset name
            return self.body.decode("utf-8", errors="replace")


def is_url(value: str) -> bool:
    """True for anything written like a URL (scheme://...), supported or not."""
    scheme, sep, _ = value.partition("://")
    return bool(sep) and scheme.isascii() and scheme.replace("+", "").isalnum()


def check_url(url: str) -> str:
    """Return the URL if it is http(s) with a host; raise FetchError saying what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http(s) URLs can be fetched, not {parts.scheme or 'no'} scheme")
    if not parts.hostname:
        raise FetchError("the URL has no host name")
    return url.strip()


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = response.headers.get("content-type", "")
    return message.get_content_type(), message.get_param("charset")  # type: ignore[return-value]


def _read_capped(response: httpx.Response, limits: WebSettings, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"too large ({declared} bytes; limit {limits.max_bytes})")
    body = bytearray()
    for piece in response.iter_bytes():
        body += piece
        if len(body) > limits.max_bytes:
            raise FetchError(f"too large (over {limits.max_bytes} bytes)")
        if time.monotonic() > deadline:
            raise FetchError(f"no complete answer within {limits.timeout_s:g} s")
    return bytes(body)


def _get(client: httpx.Client, url: str, limits: WebSettings, deadline: float) -> Fetched | str:
    """One request: the body, or the URL a redirect points to."""
    with client.stream("GET", url) as response:
        if response.status_code in _REDIRECTS and "location" in response.headers:
            return check_url(urljoin(str(response.url), response.headers["location"]))
        if response.status_code >= 400:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
        body = _read_capped(response, limits, deadline)
        content_type, charset = _content_type(response)
        return Fetched(str(response.url), content_type, charset, body)


def fetch(url: str, settings: Settings) -> Fetched:
    """GET a URL within settings.web's limits (scheme, time, size, redirects).

    Raises:
        FetchError: with the reason, for any failure.
    """
    limits = settings.web
    current = check_url(url)
    deadline = time.monotonic() + limits.timeout_s
    timeout = httpx.Timeout(limits.timeout_s)
    headers = {"User-Agent": limits.user_agent, "Accept-Encoding": "identity"}
    try:
        with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
            for _ in range(limits.max_redirects + 1):
                result = _get(client, current, limits, deadline)
                if isinstance(result, Fetched):
                    return result
                current = result
                if time.monotonic() > deadline:
                    break
    except httpx.TimeoutException as exc:
        raise FetchError(f"no answer within {limits.timeout_s:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch: {exc or type(exc).__name__}") from exc
    if time.monotonic() > deadline:
        raise FetchError(f"no complete answer within {limits.timeout_s:g} s")
    raise FetchError(f"too many redirects (more than {limits.max_redirects})")


def _title_from_url(url: str) -> str:
    parts = urlsplit(url)
    return parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.hostname or url


def article_from_fetched(fetched: Fetched) -> Article:
    """A fetched page as an Article: HTML, plain text or PDF by its content type."""
    from qa_bot.errors import UnreadableSourceError
    from qa_bot.ingest.records import clean_text, make_article, title_from_text

    fallback = _title_from_url(fetched.url)
    if fetched.content_type == "application/pdf":
        from qa_bot.ingest.pdf import read_pdf

        return read_pdf(fetched.body, fetched.url, fallback, fetched.url)
    if fetched.content_type == "text/plain":
        text = clean_text(fetched.text())
        if not text:
            raise UnreadableSourceError("empty page")
        return make_article(title_from_text(text, fallback), text, fetched.url, fetched.url)
    if fetched.content_type not in ("text/html", "application/xhtml+xml", ""):
        raise FetchError(f"not a web page ({fetched.content_type})")
    return html_to_article(fetched.text(), fetched.url, fallback, fetched.url)


def fetch_page(url: str, settings: Settings) -> Article:
    """Fetch a web page and extract its main text with trafilatura (title, date, URL kept).

    Raises:
        FetchError: the URL cannot be fetched within the limits.
        UnreadableSourceError: the page has no main text.
    """
    fetched = fetch(url, settings)
    logger.info("fetched %s (%d bytes, %s)", fetched.url, len(fetched.body), fetched.content_type)
    return article_from_fetched(fetched)
