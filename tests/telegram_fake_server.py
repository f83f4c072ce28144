"""A fake Telegram Bot API server (aiohttp) that speaks the real wire protocol, for offline tests.

Requests are ``POST /bot<TOKEN>/<method>`` with form-encoded bodies whose non-string values are
JSON. Replies are ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N,
"description": ..., "parameters": ...}`` with HTTP status N, which is what python-telegram-bot
maps to its exceptions. ``sendMessage`` and ``editMessageText`` parse HTML and MarkdownV2 the
way Telegram does (only Telegram's tags and entities, reserved characters escaped) and reject
empty or over-long texts. Tests inject updates (delivered by long polling or, after
``setWebhook``, by POSTs with the secret header) and one-off errors such as a 429.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import socket
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, web

MAX_MESSAGE_LENGTH = 4096
BOT_ID = 777000111
BOT_USERNAME = "qa_test_bot"
STRING_PARAMS = frozenset(
    {"text", "parse_mode", "url", "secret_token", "action", "callback_query_id", "ip_address"}
)


class ParseError(Exception):
    """Telegram's "can't parse entities" error."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --- HTML, as Telegram reads it -----------------------------------------------------------------

HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=\"[^\"<>]*\"|='[^'<>]*')?)*)\s*>"
)
_ATTR = re.compile(r"([a-zA-Z-]+)(?:=\"([^\"]*)\"|='([^']*)')?")
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of an HTML-formatted message, or ParseError."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, dict[str, str]]] = []
    length = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _TAG.match(text, i)
            if match is None:
                raise ParseError(f"Can't parse entities: unsupported start tag at byte offset {i}")
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in HTML_TAGS:
                raise ParseError(
                    f'Can\'t parse entities: unsupported start tag "{name}" at byte offset {i}'
                )
            if closing:
                if not stack or stack[-1][0] != name:
                    expected = stack[-1][0] if stack else "nothing"
                    raise ParseError(
                        f"Can't parse entities: unmatched end tag at byte offset {i}, "
                        f'expected "</{expected}>", found "</{name}>"'
                    )
                opened, start, attrs = stack.pop()
                entity = {"type": HTML_TAGS[opened], "offset": start, "length": length - start}
                if opened == "a":
                    entity["url"] = attrs.get("href", "")
                if entity["length"]:
                    entities.append(entity)
            else:
                attrs = {
                    m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or "")
                    for m in _ATTR.finditer(match.group(3))
                }
                if name == "a" and not re.match(r"(https?://|tg://)\S+$", attrs.get("href", "")):
                    raise ParseError("Can't parse entities: wrong HTTP URL")
                stack.append((name, length, attrs))
            i = match.end()
            continue
        if char == "&":
            match = _HTML_ENTITY.match(text, i)
            if match is None:
                raise ParseError(
                    f"Can't parse entities: character '&' at byte offset {i} must be escaped"
                )
            decoded = html.unescape(match.group())
            out.append(decoded)
            length += utf16_len(decoded)
            i = match.end()
            continue
        if char == ">":
            raise ParseError(f"Can't parse entities: character '>' at byte offset {i} is unescaped")
        out.append(char)
        length += utf16_len(char)
        i += 1
    if stack:
        raise ParseError(
            "Can't parse entities: can't find end tag corresponding to start tag "
            f'"{stack[-1][0]}"'
        )
    return "".join(out), entities


# --- MarkdownV2, as Telegram reads it -------------------------------------------------------------

MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!\\")
_MDV2_TOGGLES = (("__", "underline"), ("||", "spoiler"), ("*", "bold"), ("_", "italic"))


class _MarkdownV2Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.length = 0
        self.entities: list[dict[str, Any]] = []
        self.stack: list[tuple[str, int, int]] = []  # (type, start length, byte offset)

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.length += utf16_len(chunk)

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        text, i = self.text, 0
        while i < len(text):
            char = text[i]
            if char == "\\":
                if i + 1 >= len(text) or not 1 <= ord(text[i + 1]) <= 126:
                    raise ParseError(f"Can't parse entities: bad escape at byte offset {i}")
                self.emit(text[i + 1])
                i += 2
                continue
            if char == "`":
                i = self.code(i)
                continue
            toggled = next((t for t in _MDV2_TOGGLES if text.startswith(t[0], i)), None)
            if toggled is not None:
                self.toggle(toggled[1], i)
                i += len(toggled[0])
            elif char == "~":
                self.toggle("strikethrough", i)
                i += 1
            elif char == "[":
                self.stack.append(("text_link", self.length, i))
                i += 1
            elif char == "]" and self.stack and self.stack[-1][0] == "text_link":
                i = self.link_end(i)
            elif char in MDV2_RESERVED:
                raise ParseError(
                    f"Can't parse entities: character '{char}' is reserved and must be "
                    "escaped with the preceding '\\'"
                )
            else:
                self.emit(char)
                i += 1
        if self.stack:
            kind, _, offset = self.stack[-1]
            raise ParseError(
                f"Can't parse entities: can't find end of {kind} entity at byte offset {offset}"
            )
        return "".join(self.out), self.entities

    def toggle(self, kind: str, offset: int) -> None:
        if self.stack and self.stack[-1][0] == kind:
            _, start, _ = self.stack.pop()
            if self.length > start:
                self.entities.append({"type": kind, "offset": start, "length": self.length - start})
        elif any(open_kind == kind for open_kind, _, _ in self.stack):
            raise ParseError(f"Can't parse entities: wrongly nested {kind} at byte offset {offset}")
        else:
            self.stack.append((kind, self.length, offset))

    def code(self, i: int) -> int:
        fence = "```" if self.text.startswith("```", i) else "`"
        j, start, body = i + len(fence), self.length, []
        while not self.text.startswith(fence, j):
            if j >= len(self.text):
                raise ParseError(
                    f"Can't parse entities: can't find end of code entity at byte offset {i}"
                )
            if self.text[j] == "\\" and j + 1 < len(self.text) and self.text[j + 1] in "`\\":
                j += 1
            body.append(self.text[j])
            j += 1
        self.emit("".join(body))
        kind = "pre" if fence == "```" else "code"
        self.entities.append({"type": kind, "offset": start, "length": self.length - start})
        return j + len(fence)

    def link_end(self, i: int) -> int:
        _, start, offset = self.stack.pop()
        if not self.text.startswith("(", i + 1):
            raise ParseError(f"Can't parse entities: character ']' at byte offset {i} is reserved")
        j, url = i + 2, []
        while j < len(self.text) and self.text[j] != ")":
            if self.text[j] == "\\" and j + 1 < len(self.text):
                j += 1
            url.append(self.text[j])
            j += 1
        if j >= len(self.text):
            raise ParseError(
                f"Can't parse entities: can't find end of a URL at byte offset {offset}"
            )
        link = "".join(url)
        if not re.match(r"(https?://|tg://)\S+$", link):
            raise ParseError("Can't parse entities: wrong HTTP URL")
        self.entities.append(
            {"type": "text_link", "offset": start, "length": self.length - start, "url": link}
        )
        return j + 1


def parse_markdown_v2(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of a MarkdownV2-formatted message, or ParseError."""
    return _MarkdownV2Parser(text).parse()


def parse_formatted(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Dispatch on parse_mode like Telegram; None means plain text."""
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    raise ParseError(f"Unsupported parse_mode {parse_mode!r}")


# --- the server ---------------------------------------------------------------------------------


class ApiError(Exception):
    """An error reply: HTTP status = error_code."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200


@dataclass
class SentMessage:
    """A message the bot sent (edits update it in place)."""

    chat_id: int
    message_id: int
    text: str  # what the user sees, after entity parsing
    raw: str  # what the bot sent
    parse_mode: str | None
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None
    reply_to: int | None
    at: float
    edits: int = 0

    def bold(self) -> list[str]:
        return self.styled("bold")

    def styled(self, kind: str) -> list[str]:
        """The texts of the entities of one type."""
        encoded = self.text.encode("utf-16-le")
        return [
            encoded[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
            for e in self.entities
            if e["type"] == kind
        ]

    def links(self) -> list[str]:
        return [e["url"] for e in self.entities if e["type"] == "text_link"]

    def buttons(self) -> dict[str, str]:
        """Button text -> callback data."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return {b["text"]: b.get("callback_data", "") for row in rows for b in row}


@dataclass
class _Chat:
    data: dict[str, Any]
    next_message_id: int = 1
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)


class FakeBotApi:
    """A Bot API server on 127.0.0.1 (a free port) for one bot token."""

    def __init__(self, token: str, *, username: str = BOT_USERNAME, bot_id: int = BOT_ID) -> None:
        self.token = token
        self.bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "QA Bot",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls: list[Call] = []
        self.sent: list[SentMessage] = []
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.commands: list[dict[str, Any]] = []
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_statuses: list[int] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._chats: dict[int, _Chat] = {}
        self._failures: dict[str, list[ApiError]] = {}
        self._waiters: list[asyncio.Future[None]] = []
        self._closing = False
        self._deliveries: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None
        self.port = 0
        self.files: dict[str, bytes] = {}  # file_id -> content of documents users sent
        self.downloads: list[str] = []  # file paths the bot downloaded

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL should be (the bot appends ``/bot<TOKEN>``)."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FakeBotApi:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock, shutdown_timeout=1.0).start()
        self._session = ClientSession(timeout=ClientTimeout(total=5))
        return self

    async def stop(self) -> None:
        self._closing = True
        self._wake()
        for task in list(self._deliveries):
            task.cancel()
        await asyncio.gather(*self._deliveries, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # --- what tests use --------------------------------------------------------------------

    def fail_next(
        self, method: str, code: int = 429, *, retry_after: int = 1, description: str = ""
    ) -> None:
        """Make the next call of ``method`` fail once (429 carries ``retry_after``)."""
        params = {"retry_after": retry_after} if code == 429 else None
        text = description or (
            f"Too Many Requests: retry after {retry_after}" if code == 429 else "Bad Request"
        )
        self._failures.setdefault(method, []).append(ApiError(code, text, params))

    def chat(
        self, chat_id: int, *, kind: str = "private", title: str = "Test group"
    ) -> dict[str, Any]:
        if chat_id not in self._chats:
            data: dict[str, Any] = {"id": chat_id, "type": kind}
            if kind == "private":
                data["first_name"] = f"User{chat_id}"
            else:
                data["title"] = title
            self._chats[chat_id] = _Chat(data)
        return self._chats[chat_id].data

    def user(self, user_id: int) -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            "language_code": "en",
        }

    def send_text(
        self,
        text: str,
        *,
        chat_id: int,
        user_id: int | None = None,
        chat_type: str = "private",
        reply_to: int | None = None,
        deliver: bool = True,
    ) -> dict[str, Any]:
        """Inject a text message from a user, as Telegram would deliver it; returns the update.

        With ``deliver=False`` the update is only built (for posting it by hand).
        """
        chat = self._chats.get(chat_id) or _Chat(self.chat(chat_id, kind=chat_type))
        self._chats[chat_id] = chat
        message_id = self._next_message_id(chat_id)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat.data,
            "from": self.user(user_id if user_id is not None else chat_id),
            "text": text,
        }
        entities = _auto_entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = chat.messages[reply_to]
        chat.messages[message_id] = message
        if not deliver:
            return {"update_id": next(self._update_ids), "message": message}
        return self.inject({"message": message})

    def send_document(
        self,
        file_name: str,
        data: bytes,
        *,
        chat_id: int,
        user_id: int | None = None,
        file_size: int | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """Inject a document a user sent; ``file_size`` may claim another size than ``data``."""
        chat = self._chats.get(chat_id) or _Chat(self.chat(chat_id))
        self._chats[chat_id] = chat
        file_id = f"doc{len(self.files) + 1}-{hash(file_name) & 0xFFFF:x}"
        self.files[file_id] = data
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": chat.data,
            "from": self.user(user_id if user_id is not None else chat_id),
            "document": {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_name": file_name,
                "mime_type": "application/octet-stream",
                "file_size": len(data) if file_size is None else file_size,
            },
        }
        if caption:
            message["caption"] = caption
        chat.messages[message["message_id"]] = message
        return self.inject({"message": message})

    def press(self, sent: SentMessage, button: str, *, user_id: int) -> dict[str, Any]:
        """Inject a callback query: ``user_id`` pressed ``button`` under ``sent``."""
        data = sent.buttons()[button]
        query = {
            "id": str(next(self._callback_ids)),
            "from": self.user(user_id),
            "message": self._chats[sent.chat_id].messages[sent.message_id],
            "chat_instance": "1",
            "data": data,
        }
        return self.inject({"callback_query": query})

    def inject(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any update; it goes to the webhook when one is set."""
        update = {"update_id": next(self._update_ids), **update}
        update["_queued_at"] = time.perf_counter()
        self._updates.append(update)
        if self.webhook_url:
            self._start_delivery()
        self._wake()
        return update

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.sent if m.chat_id == chat_id]

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_until(self, predicate: Any, timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` is true, re-checked after every request."""
        deadline = time.monotonic() + timeout
        while not predicate():
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    "condition not met; calls: " + ", ".join(c.method for c in self.calls[-20:])
                )
            await self._wait_change(left)

    async def next_messages(
        self, chat_id: int, count: int = 1, *, after: int = 0, timeout: float = 10.0
    ) -> list[SentMessage]:
        """Wait for at least ``after + count`` messages to ``chat_id``; return the new ones."""
        await self.wait_until(lambda: len(self.messages_to(chat_id)) >= after + count, timeout)
        return self.messages_to(chat_id)[after : after + count]

    async def post_to_webhook(self, update: dict[str, Any], *, secret: str | None) -> int:
        """POST one update to the webhook once, with ``secret`` in the header; the HTTP status."""
        assert self._session is not None and self.webhook_url
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        body = {k: v for k, v in update.items() if not k.startswith("_")}
        async with self._session.post(self.webhook_url, json=body, headers=headers) as response:
            return response.status

    # --- internals -------------------------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        chat = self._chats[chat_id]
        chat.next_message_id += 1
        return chat.next_message_id - 1

    def _wake(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def _wait_change(self, timeout: float) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter, timeout)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _read_params(request)
        call = Call(method, params, time.perf_counter())
        self.calls.append(call)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            failures = self._failures.get(method)
            if failures:
                raise failures.pop(0)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params)
            body: dict[str, Any] = {"ok": True, "result": result}
        except ApiError as exc:
            call.status = exc.code
            body = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
        finally:
            self._wake()
        return web.json_response(body, status=call.status)

    async def _api_getFile(self, params: dict[str, Any]) -> Any:
        self._require(params, "file_id")
        file_id = str(params["file_id"])
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(self.files[file_id]) > 20 * 1024 * 1024:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(self.files[file_id]),
            "file_path": f"documents/{file_id}",
        }

    async def _download(self, request: web.Request) -> web.StreamResponse:
        """``GET /file/bot<TOKEN>/<file_path>``: the file's bytes, as the Bot API serves them."""
        path = request.match_info["path"]
        self.calls.append(Call("download", {"path": path}, time.perf_counter()))
        self._wake()
        file_id = path.removeprefix("documents/")
        if request.match_info["token"] != self.token or file_id not in self.files:
            return web.Response(status=404, text="Not Found")
        self.downloads.append(path)
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands = list(params.get("commands", []))
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook_url = self.webhook_secret = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        url = params.get("url", "")
        if url and not re.match(r"https?://", url):
            raise ApiError(400, "Bad Request: bad webhook: invalid URL")
        self.webhook_url, self.webhook_secret = url or None, params.get("secret_token")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        if self.webhook_url:
            self._start_delivery()
        return True

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not self._updates and not self._closing and time.monotonic() < deadline:
            await self._wait_change(deadline - time.monotonic())
        limit = int(params.get("limit") or 100)
        return [_public(u) for u in self._updates[:limit]]

    async def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._require(params, "chat_id", "action")
        return True

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        self._require(params, "callback_query_id")
        self.callback_answers[str(params["callback_query_id"])] = params
        return True

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        self._require(params, "chat_id")
        chat_id = int(params["chat_id"])
        plain, entities = _parse_text(params)
        chat = self._chats.get(chat_id) or _Chat(self.chat(chat_id))
        self._chats[chat_id] = chat
        reply_to = _reply_target(params)
        if reply_to is not None and reply_to not in chat.messages:
            if not (params.get("reply_parameters") or {}).get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
            reply_to = None
        message_id = self._next_message_id(chat_id)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat.data,
            "from": self.bot_user,
            "text": plain,
        }
        if entities:
            message["entities"] = entities
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        if reply_to is not None:
            message["reply_to_message"] = chat.messages[reply_to]
        chat.messages[message_id] = message
        self.sent.append(
            SentMessage(
                chat_id,
                message_id,
                plain,
                params["text"],
                params.get("parse_mode"),
                entities,
                params.get("reply_markup"),
                reply_to,
                time.perf_counter(),
            )
        )
        return message

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        sent, message = self._find_message(params)
        plain, entities = _parse_text(params)
        markup = params.get("reply_markup")
        if (
            plain == message["text"]
            and entities == message.get("entities", [])
            and markup == message.get("reply_markup")
        ):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        message.update(text=plain, entities=entities)
        _set_markup(message, markup)
        sent.text, sent.raw, sent.entities, sent.reply_markup = (
            plain,
            params["text"],
            entities,
            markup,
        )
        sent.parse_mode = params.get("parse_mode")
        sent.edits += 1
        return message

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        sent, message = self._find_message(params)
        _set_markup(message, params.get("reply_markup"))
        sent.reply_markup = params.get("reply_markup")
        sent.edits += 1
        return message

    def _find_message(self, params: dict[str, Any]) -> tuple[SentMessage, dict[str, Any]]:
        self._require(params, "chat_id", "message_id")
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for sent in self.sent:
            if (sent.chat_id, sent.message_id) == (chat_id, message_id):
                return sent, self._chats[chat_id].messages[message_id]
        raise ApiError(400, "Bad Request: message to edit not found")

    @staticmethod
    def _require(params: dict[str, Any], *names: str) -> None:
        for name in names:
            if params.get(name) in (None, ""):
                raise ApiError(400, f"Bad Request: {name} is empty")

    def _start_delivery(self) -> None:
        """Start the (single) delivery task unless it is running: Telegram delivers in order."""
        if not self._closing and not self._deliveries:
            task = asyncio.get_running_loop().create_task(self._deliver_pending())
            self._deliveries.add(task)
            task.add_done_callback(self._deliveries.discard)

    async def _deliver_pending(self) -> None:
        """POST queued updates to the webhook, retrying as Telegram does when it is not up yet."""
        assert self._session is not None
        while self._updates and self.webhook_url and not self._closing:
            update = self._updates[0]
            headers = (
                {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret}
                if self.webhook_secret
                else {}
            )
            status = 0
            for attempt in range(50):
                try:
                    async with self._session.post(
                        self.webhook_url, json=_public(update), headers=headers
                    ) as response:
                        status = response.status
                except ClientError:
                    status = 0
                if 200 <= status < 300:
                    break
                await asyncio.sleep(0.05 * (attempt + 1))
            self.webhook_statuses.append(status)
            with contextlib.suppress(ValueError):
                self._updates.remove(update)
            self._wake()


async def _read_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
        return params
    form = await request.post()
    for key, value in form.items():
        if not isinstance(value, str) or key in STRING_PARAMS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _parse_text(params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    text = params.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    try:
        plain, entities = parse_formatted(text, params.get("parse_mode"))
    except ParseError as exc:
        raise ApiError(400, f"Bad Request: {exc}") from exc
    if not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(plain) > MAX_MESSAGE_LENGTH:
        raise ApiError(400, "Bad Request: message is too long")
    return plain, entities


def _reply_target(params: dict[str, Any]) -> int | None:
    reply = params.get("reply_parameters")
    if isinstance(reply, dict) and reply.get("message_id") is not None:
        return int(reply["message_id"])
    if params.get("reply_to_message_id") is not None:
        return int(params["reply_to_message_id"])
    return None


def _set_markup(message: dict[str, Any], markup: Any) -> None:
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _public(update: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in update.items() if not k.startswith("_")}


def _auto_entities(text: str) -> list[dict[str, Any]]:
    """The entities a client attaches: a leading /command and @mentions (UTF-16 offsets)."""
    entities = []
    for match in re.finditer(
        r"(?:^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?)|(?:@[A-Za-z0-9_]{5,32})", text
    ):
        kind = "bot_command" if match.group().startswith("/") else "mention"
        entities.append(
            {
                "type": kind,
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    return entities
