"""HTML into an Article: trafilatura's main text, title, date and author; or tags stripped."""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from typing import Any

from qa_bot.errors import UnreadableSourceError
from qa_bot.ingest.byline import with_byline
from qa_bot.ingest.dateline import with_dateline
from qa_bot.ingest.records import clean_text, make_article
from qa_bot.types import Article

logger = logging.getLogger(__name__)


class _PlainText(HTMLParser):
    """Visible text of an HTML page, tag by tag (no tree, so any nesting depth works)."""

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "svg"})
    _BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden.append(tag)
        self._in_title = tag == "title"
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:
            del self._hidden[len(self._hidden) - 1 - self._hidden[::-1].index(tag) :]
        self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def html_fallback(text: str) -> tuple[str, str]:
    """(title, body) by plain tag stripping, for pages trafilatura cannot parse."""
    parser = _PlainText()
    parser.feed(text)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return " ".join("".join(parser.title).split()), "\n".join(line for line in lines if line)


def _extract(text: str, where: str, url: str | None) -> dict[str, Any]:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            text, url=url, with_metadata=True, include_comments=False
        )
    except Exception:  # a parser failure: fall back to plain tag stripping
        logger.info("trafilatura failed on %s", where, exc_info=True)
        return {}
    if extracted is None:
        return {}
    return extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)


def html_to_article(text: str, path: str, fallback_title: str, url: str | None = None) -> Article:
    """The main text of an HTML page as an Article (title, date, URL and author kept when found).

    Raises:
        UnreadableSourceError: the page has no main text.
    """
    data = _extract(text, path, url)
    body = clean_text(data.get("text") or "")
    title = clean_text(data.get("title") or "")
    if not body:
        # lxml stops at 256 levels of nesting, so deep pages come back empty.
        title, body = (clean_text(part) for part in html_fallback(text))
    if not body:
        raise UnreadableSourceError("no main text found in HTML")
    title = title or fallback_title
    if not body.startswith(title):
        body = f"{title}\n\n{body}"
    body = with_dateline(with_byline(body, clean_text(data.get("author") or "")), data.get("date"))
    return make_article(title, body, path, url or data.get("url"), data.get("date"))
