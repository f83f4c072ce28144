"""A local HTTP server for web and feed tests (there is no internet): pages, feeds, bad URLs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = (
    "<html><head><title>Night market</title>"
    '<meta name="date" content="2024-05-06"></head><body><nav>Home | About</nav><article>'
    "<h1>Night market</h1>"
    + "<p>The night market opens at dusk on Harbour Street. The noodle stall is run by "
    "Mr Tan, who learned the recipe from his grandmother in 1962.</p>"
    * 3
    + "</article><footer>Contact us</footer></body></html>"
)


def rss(entries: list[dict[str, str]], title: str = "Town news") -> str:
    """An RSS 2.0 document with the given entries (keys: guid, link, title, description)."""
    items = []
    for entry in entries:
        parts = [f"<{key}>{value}</{key}>" for key, value in entry.items()]
        items.append(f"<item>{''.join(parts)}</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://x/</link><description>d</description>"
        + "".join(items)
        + "</channel></rss>"
    )


Route = Callable[[BaseHTTPRequestHandler], None]


class WebServer:
    """Routes by path; ``hits`` counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.release = threading.Event()  # set on shutdown: handlers that hang give up
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = self.path.split("?", 1)[0]
                owner.hits[path] = owner.hits.get(path, 0) + 1
                route = owner.routes.get(path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                with suppress(BrokenPipeError, ConnectionResetError):  # the client hung up
                    route(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def body(self, path: str, text: str | bytes, content_type: str = "text/html") -> None:
        """Serve fixed content at a path."""
        data = text.encode() if isinstance(text, str) else text

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)

        self.routes[path] = route

    def redirect(self, path: str, to: str) -> None:
        """A 302 to another URL."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(302)
            handler.send_header("Location", to)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.routes[path] = route

    def endless(self, path: str, chunk: bytes, pause: float = 0.0, length: bool = False) -> None:
        """Stream chunks until the client hangs up (no Content-Length unless ``length``)."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            if length:
                handler.send_header("Content-Length", str(50 * 1024 * 1024))
            handler.end_headers()
            while not self.release.is_set():
                handler.wfile.write(chunk)
                if pause:
                    time.sleep(pause)

        self.routes[path] = route

    def hang(self, path: str) -> None:
        """Accept the request and never answer (until shutdown)."""
        self.routes[path] = lambda handler: self.release.wait(60)


@contextmanager
def web_server() -> Iterator[WebServer]:
    """A running WebServer on 127.0.0.1 and a free port."""
    server = WebServer()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.server.shutdown()
        server.server.server_close()
