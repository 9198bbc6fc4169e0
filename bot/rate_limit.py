"""A per-sender sliding-window limit that keeps one chatty sender from flooding Rasa."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum

MAX_TRACKED = 10_000


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"  # the first refused message of a burst: tell the citizen once
    DROP = "drop"  # further ones in the same burst: say nothing more


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._warned: dict[str, float] = {}

    def check(self, sender_id: str) -> Verdict:
        now = self.clock()
        if len(self._seen) > MAX_TRACKED:
            self.forget_idle()
        seen = self._seen.setdefault(sender_id, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) < self.limit:
            seen.append(now)
            self._warned.pop(sender_id, None)
            return Verdict.ALLOW
        if now - self._warned.get(sender_id, -self.window) < self.window:
            return Verdict.DROP
        self._warned[sender_id] = now
        return Verdict.WARN

    def forget_idle(self) -> None:
        """Drop senders with nothing in the window, so memory follows active senders only."""
        cutoff = self.clock() - self.window
        for sender_id in [s for s, seen in self._seen.items() if not seen or seen[-1] <= cutoff]:
            del self._seen[sender_id]
            self._warned.pop(sender_id, None)
