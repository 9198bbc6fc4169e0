"""What the fake platform servers share: a record of what the bot sent, waiting for it, writing an answer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

JSON = dict[str, Any]


class Recording:
    def __init__(self) -> None:
        self._cond = threading.Condition(threading.RLock())
        self.sent: list[JSON] = []
        """What the server accepted from the bot, in order."""

    def record(self, item: JSON) -> None:
        with self._cond:
            self.sent.append(item)
            self._cond.notify_all()

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
