"""The Zalo Official Account channel: a signed webhook in, customer-service messages out."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta
from typing import Any

import httpx
from fastapi import APIRouter, Request, Response
from sqlalchemy.exc import SQLAlchemyError

from bot import offered, phrases
from bot.delivery import DeliveryError
from bot.inbound import Inbound
from bot.rasa_client import BotMessage
from bot.settings import GatewaySettings
from bot.splitting import split_message
from bot.zalo_client import UNREACHABLE, ZaloButton, ZaloClient, ZaloError
from feedback_store.buttons import key_for

logger = logging.getLogger(__name__)

TEXT_LIMIT = 2000
BUTTONS_PER_MESSAGE = 4
TITLE_LIMIT = 100
RATE_LIMITED = -32

router = APIRouter()


def signed_event(raw: bytes, signature: str | None, settings: GatewaySettings, now: float | None = None) -> dict | None:
    """The event, if Zalo signed it and it is recent; None for a forged, malformed or replayed-late request."""
    if not signature:
        return None
    try:
        event = json.loads(raw)
        timestamp = str(event["timestamp"])
        sent_at = int(timestamp) / 1000
    except (ValueError, KeyError, TypeError):
        return None
    mac = hashlib.sha256(
        settings.zalo_app_id.encode() + raw + timestamp.encode() + settings.zalo_oa_secret_key.encode()
    ).hexdigest()
    if not hmac.compare_digest(signature.strip().removeprefix("mac=").lower(), mac):
        return None
    if abs((now or time.time()) - sent_at) > settings.zalo_webhook_max_age_seconds:
        return None
    return event if isinstance(event, dict) else None


@router.post("/zalo/webhook")
async def webhook(request: Request) -> Response:
    channel: ZaloChannel | None = request.app.state.zalo
    if channel is None:
        return Response(status_code=404)
    event = signed_event(await request.body(), request.headers.get("X-ZEvent-Signature"), channel.settings)
    if event is None:
        return Response(status_code=401)
    # Zalo wants an answer within 2 seconds and retries otherwise; Rasa may take longer.
    channel.accept(event)
    return Response(status_code=200)


class ZaloChannel:
    prefix = "zalo:"

    def __init__(self, client: ZaloClient, inbound: Inbound, settings: GatewaySettings) -> None:
        self.client = client
        self.inbound = inbound
        self.settings = settings
        self.reply_window = timedelta(hours=settings.zalo_reply_window_hours)
        # Each citizen's latest event being handled: the next one waits for it, so answers keep the order.
        self._latest: dict[str, asyncio.Task[None]] = {}

    def accept(self, event: dict[str, Any]) -> None:
        user = str((event.get("sender") or event.get("follower") or {}).get("id", ""))
        task = asyncio.create_task(self.handle(event, after=self._latest.get(user)))
        self._latest[user] = task
        task.add_done_callback(lambda done: self._latest.pop(user) if self._latest.get(user) is done else None)

    async def drain(self) -> None:
        """Let events already accepted finish (at shutdown)."""
        if self._latest:
            await asyncio.gather(*self._latest.values(), return_exceptions=True)

    async def handle(self, event: dict[str, Any], after: asyncio.Task[None] | None = None) -> None:
        if after is not None:
            await asyncio.wait([after])
        try:
            incoming = await self._incoming(event)
            if incoming:
                await self.inbound.receive(self, *incoming)
        except Exception:
            logger.exception("Zalo event %s not handled", event.get("event_name"))

    async def _incoming(self, event: dict[str, Any]) -> tuple[str, str, str | None] | None:
        """(message id, user id, text for Rasa or None for content it cannot read), or None to ignore the event.

        Ignored: the OA's own messages echoed back, "seen" receipts and the like.
        """
        name = str(event.get("event_name", ""))
        if name == "follow":
            user = str(event["follower"]["id"])
            return f"follow:{user}:{event['timestamp']}", user, "/greet"
        if not name.startswith("user_send_"):
            return None
        user, message = str(event["sender"]["id"]), event["message"]
        message_id = str(message["msg_id"])
        if name == "user_send_text":
            text = str(message.get("text", ""))
            return message_id, user, await self._payload(user, text) or text
        images = (
            [a for a in message.get("attachments", []) if a.get("type") == "image"] if name == "user_send_image" else []
        )
        if images:
            return message_id, user, "/send_photo" + json.dumps({"photo": images[0]["payload"]["url"]})
        return message_id, user, None

    async def _payload(self, user: str, text: str) -> str | None:
        """Zalo brings a button back as the citizen's own message: its title, which stands for the payload."""
        try:
            return await offered.recall(key_for(self.prefix + user, text.strip()))
        except SQLAlchemyError:
            return None  # the store is down: the inbox step right after says so to the citizen

    async def deliver(self, recipient: str, message: BotMessage) -> None:
        shown = [ZaloButton(b.title[:TITLE_LIMIT], b.title[:TITLE_LIMIT]) for b in message.buttons]
        if message.buttons:
            await offered.remember(
                {key_for(self.prefix + recipient, b.title[:TITLE_LIMIT]): b.payload for b in message.buttons}
            )
        pieces = split_message(message.text, TEXT_LIMIT) or [""]
        groups = [shown[i : i + BUTTONS_PER_MESSAGE] for i in range(0, len(shown), BUTTONS_PER_MESSAGE)]
        sends = [(piece, None) for piece in pieces[:-1]]
        sends.append((pieces[-1], groups[0] if groups else None))
        more = phrases.text("utter_more_choices", self.settings.domain_file)
        sends += [(more, group) for group in groups[1:]]
        try:
            for text, group in sends:
                await self.client.send_text(recipient, text, group)
        except ZaloError as error:
            if error.code == RATE_LIMITED:
                raise DeliveryError(str(error), retry_after=60) from error
            raise DeliveryError(str(error), permanent=error.code in UNREACHABLE) from error
        except httpx.HTTPError as error:
            raise DeliveryError(repr(error)) from error
