"""Send the outbox to Telegram and Zalo: in order per citizen, with retries and backoff, failures kept visible."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from bot.delivery import Channel, DeliveryError
from bot.rasa_client import BotMessage, Button
from feedback_store import inbox, outbox
from feedback_store.db import transaction
from feedback_store.models import utcnow

logger = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

# Long enough for a slow send to finish; a gateway that dies mid-send frees its claim after it.
LEASE = timedelta(seconds=60)


@dataclass(frozen=True)
class Claimed:
    id: int
    sender_id: str
    attempts: int
    message: BotMessage


class OutboxDispatcher:
    def __init__(self, max_attempts: int, retry_base_seconds: float, poll_seconds: float) -> None:
        self.channels: dict[str, Channel] = {}
        self.max_attempts = max_attempts
        self.retry_base = retry_base_seconds
        self.poll = poll_seconds
        self._wake = asyncio.Event()

    def register(self, channel: Channel) -> None:
        self.channels[channel.prefix] = channel

    def wake(self) -> None:
        """New messages are queued: send them now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.dispatch_once()
            except Exception:  # the store may be down for a while; the next round tries again
                logger.exception("outbox round failed")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll)

    async def dispatch_once(self) -> int:
        """Send what is due; returns how many messages were tried."""
        claimed = await asyncio.to_thread(self._claim)
        by_sender: dict[str, list[Claimed]] = {}
        for item in claimed:
            by_sender.setdefault(item.sender_id, []).append(item)
        await asyncio.gather(*(self._send_in_order(items) for items in by_sender.values()))
        return len(claimed)

    def _claim(self) -> list[Claimed]:
        claimed: list[Claimed] = []
        with transaction() as session:
            for m in outbox.claim_due(session, self.channels, LEASE):
                window = self._channel(m.sender_id).reply_window
                if window and not inbox.wrote_since(session, m.sender_id, utcnow() - window):
                    # Sending would break the platform's rules: keep it for officers to reach the citizen otherwise.
                    outbox.mark_problem(session, m.id, "undeliverable", "outside the platform's reply window")
                    continue
                claimed.append(
                    Claimed(m.id, m.sender_id, m.attempts, BotMessage(m.text, [Button(**b) for b in m.buttons]))
                )
        return claimed

    def _channel(self, sender_id: str) -> Channel:
        return next(c for prefix, c in self.channels.items() if sender_id.startswith(prefix))

    async def _send_in_order(self, items: list[Claimed]) -> None:
        for index, item in enumerate(items):
            try:
                await self._deliver(item)
            except DeliveryError as error:
                if error.permanent:
                    logger.warning("outbox %s failed for good: %s", item.id, error)
                    await self._record(outbox.mark_problem, item.id, "failed", str(error))
                    continue
                await self._retry(item, str(error), error.retry_after)
                await self._record(outbox.release, [later.id for later in items[index + 1 :]])
                return
            await self._record(outbox.mark_sent, item.id)

    async def _deliver(self, item: Claimed) -> None:
        channel = self._channel(item.sender_id)
        try:
            await channel.deliver(item.sender_id.removeprefix(channel.prefix), item.message)
        except DeliveryError:
            raise
        except Exception as error:  # an unexpected client error: retried like a network failure
            logger.exception("outbox %s: unexpected error", item.id)
            raise DeliveryError(repr(error)) from error

    async def _retry(self, item: Claimed, error: str, retry_after: float | None) -> None:
        delay = timedelta(seconds=retry_after or min(self.retry_base * 2**item.attempts, 3600))
        message = await self._record(outbox.mark_retry, item.id, error, delay, self.max_attempts)
        if message.status == "failed":
            logger.error("outbox %s failed after %s attempts: %s", item.id, message.attempts, error)

    @staticmethod
    async def _record(change: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        def run() -> T:
            with transaction() as session:
                return change(session, *args, **kwargs)

        return await asyncio.to_thread(run)
