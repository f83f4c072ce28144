"""The fake Bot API must be as strict as Telegram, or the other tests prove nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram_fake_server import FakeBotApi, ParseError, parse_html, parse_markdown_v2
from telegram_harness import TOKEN


@pytest.mark.parametrize(
    "text",
    ["a < b", "a & b", "a > b", "<br>", "<b>x", "<b>x</i>", "<a>x</a>", "&nbsp;", "<script>"],
)
def test_html_rejects_what_telegram_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_html(text)


def test_html_entities_and_offsets() -> None:
    plain, entities = parse_html('😀 <b>a &amp; b</b> <a href="https://x.org/?a=1&amp;b=2">l</a>')
    assert plain == "😀 a & b l"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 5},
        {"type": "text_link", "offset": 9, "length": 1, "url": "https://x.org/?a=1&b=2"},
    ]


@pytest.mark.parametrize("text", ["end.", "a-b", "(x)", "*open", "_open", "[x](y", "a|b", "\\"])
def test_markdown_v2_rejects_what_telegram_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_markdown_v2(text)


def test_markdown_v2_entities() -> None:
    plain, entities = parse_markdown_v2(r"*b\.* _i_ __u__ [l](https://x.org/\)) `c\`` end\!")
    assert plain == "b. i u l c` end!"
    assert [e["type"] for e in entities] == ["bold", "italic", "underline", "text_link", "code"]
    assert entities[3]["url"] == "https://x.org/)"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as server:
        yield server


async def _post(api: FakeBotApi, method: str, token: str = TOKEN, **data: str) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(f"{api.base_url}/bot{token}/{method}", data=data)


async def test_errors_use_the_http_status_and_the_error_shape(api: FakeBotApi) -> None:
    cases = {
        ("sendMessage", TOKEN, ""): 400,
        ("sendMessage", TOKEN, "x" * 4097): 400,
        ("sendMessage", TOKEN, "a < b"): 400,
        ("sendMessage", "1:wrong", "hi"): 401,
        ("noSuchMethod", TOKEN, "hi"): 404,
    }
    for (method, token, text), status in cases.items():
        response = await _post(api, method, token, chat_id="1", text=text, parse_mode="HTML")
        body = response.json()
        assert response.status_code == body["error_code"] == status
        assert body["ok"] is False and body["description"]
    ok = await _post(api, "sendMessage", chat_id="1", text="<b>a &amp; b</b>", parse_mode="HTML")
    assert ok.json()["result"]["text"] == "a & b"


async def test_injected_429_happens_once(api: FakeBotApi) -> None:
    api.fail_next("sendMessage", 429, retry_after=3)
    first = await _post(api, "sendMessage", chat_id="1", text="hi")
    second = await _post(api, "sendMessage", chat_id="1", text="hi")
    assert first.status_code == 429
    assert first.json()["parameters"] == {"retry_after": 3}
    assert second.status_code == 200


async def test_long_poll_waits_and_wakes_on_an_update(api: FakeBotApi) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        url = f"{api.base_url}/bot{TOKEN}/getUpdates"
        empty = await client.post(url, data={"timeout": "0"})
        assert empty.json()["result"] == []
        request = asyncio.create_task(client.post(url, data={"timeout": "5", "offset": "0"}))
        await asyncio.sleep(0.3)
        assert not request.done()  # parked: nothing to deliver yet
        api.send_text("hello", chat_id=1)
        updates = (await asyncio.wait_for(request, 2)).json()["result"]
        assert [u["message"]["text"] for u in updates] == ["hello"]
        acked = await client.post(
            url, data={"timeout": "0", "offset": str(updates[0]["update_id"] + 1)}
        )
        assert acked.json()["result"] == []
