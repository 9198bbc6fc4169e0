"""Every platform message takes this path: take it in once, ask Rasa, queue the answer in the outbox."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.exc import SQLAlchemyError

from bot.conversation import Conversation, RasaUnavailable
from bot.delivery import Channel
from bot.dispatcher import OutboxDispatcher
from bot.rasa_client import BotMessage
from feedback_store import inbox, outbox
from feedback_store.db import transaction

logger = logging.getLogger(__name__)


class Inbound:
    def __init__(self, conversation: Conversation, dispatcher: OutboxDispatcher) -> None:
        self.conversation = conversation
        self.dispatcher = dispatcher
        # One message at a time per citizen, so answers come back in the order the questions went.
        self._turns: dict[str, asyncio.Lock] = {}

    async def receive(self, channel: Channel, message_id: str, recipient: str, text: str | None) -> bool:
        """Answer one platform message (None: content the bot cannot read); False for a replay, left alone."""
        sender_id = channel.prefix + recipient
        platform = channel.prefix.rstrip(":")
        turn = self._turns.setdefault(sender_id, asyncio.Lock())
        try:
            async with turn:
                return await self._answer(channel, platform, message_id, sender_id, recipient, text)
        finally:
            if not turn.locked():
                self._turns.pop(sender_id, None)

    async def _answer(
        self, channel: Channel, platform: str, message_id: str, sender_id: str, recipient: str, text: str | None
    ) -> bool:
        try:
            fresh = await asyncio.to_thread(self._take_in, platform, message_id, sender_id)
        except SQLAlchemyError:
            # Without the store nothing can be deduplicated or queued: say so directly, keep nothing half-done.
            logger.exception("store down; %s message not taken in", platform)
            await self._tell_directly(channel, recipient, [self.conversation.unavailable()])
            return False
        if not fresh:
            return False
        try:
            if text is None:
                messages = [self.conversation.unsupported()]
            else:
                messages = await self.conversation.reply(sender_id, text)
        except RasaUnavailable:
            messages = [self.conversation.unavailable()]
        try:
            await asyncio.to_thread(self._queue, sender_id, messages)
        except SQLAlchemyError:
            logger.exception("store down; %s reply sent without the outbox", platform)
            await self._tell_directly(channel, recipient, messages)
            return True
        self.dispatcher.wake()
        return True

    @staticmethod
    def _take_in(platform: str, message_id: str, sender_id: str) -> bool:
        with transaction() as session:
            return inbox.take_in(session, platform, message_id, sender_id)

    @staticmethod
    def _queue(sender_id: str, messages: list[BotMessage]) -> None:
        with transaction() as session:
            for message in messages:
                buttons = [{"title": b.title, "payload": b.payload} for b in message.buttons]
                outbox.enqueue(session, sender_id, message.text, buttons)

    @staticmethod
    async def _tell_directly(channel: Channel, recipient: str, messages: list[BotMessage]) -> None:
        """Best effort when the outbox itself is unreachable."""
        try:
            for message in messages:
                await channel.deliver(recipient, message)
        except Exception:
            logger.exception("direct send on %s failed", channel.prefix)
