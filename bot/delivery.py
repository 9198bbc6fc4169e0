"""What a channel promises the outbox dispatcher: deliver one message, or say why it could not."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from bot.rasa_client import BotMessage


class DeliveryError(Exception):
    """The platform did not take the message. Retried later unless permanent."""

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.permanent = permanent
        self.retry_after = retry_after


class Channel(Protocol):
    prefix: str  # sender ids of this channel start with it: "telegram:", "zalo:"
    # How long after the citizen's last message the platform lets us write (Zalo); None: no limit.
    reply_window: timedelta | None

    async def deliver(self, recipient: str, message: BotMessage) -> None: ...
