"""What the fake platform servers share: a record of what the bot sent, waiting for it, writing an answer."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

JSON = dict[str, Any]


class QuietServer(ThreadingHTTPServer):
    """Quiet about clients that hang up mid-answer (a cancelled long poll on shutdown)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Recording:
    def __init__(self) -> None:
        self._cond = threading.Condition(threading.RLock())
        self.sent: list[JSON] = []
        """What the server accepted from the bot, in order."""

    def record(self, item: JSON) -> None:
        with self._cond:
            self.sent.append(item)
            self._cond.notify_all()

    def listen(self, serve: Callable[[BaseHTTPRequestHandler], None]) -> None:
        """Serve every GET and POST with `serve` on a free local port, in a background thread."""

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                serve(self)

            def do_POST(self) -> None:
                serve(self)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def wait_for(self, predicate: Callable[[JSON], bool], timeout: float = 10.0, count: int = 1) -> list[JSON]:
        """Wait until at least `count` recorded items satisfy `predicate`; returns all that do."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                matches = [item for item in self.sent if predicate(item)]
                if len(matches) >= count:
                    return matches
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(matches)}/{count} matching after {timeout}s; sent: {self.sent!r}")
                self._cond.wait(left)


def reply_bytes(handler: BaseHTTPRequestHandler, status: int, payload: bytes, content_type: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)
