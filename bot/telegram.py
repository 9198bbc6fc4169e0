"""The Telegram channel on python-telegram-bot: long polling, or a webhook with its secret header checked."""

from __future__ import annotations

import asyncio
import hmac
import html
import json
import logging
from datetime import timedelta

from fastapi import APIRouter, Request, Response
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot import offered
from bot.delivery import DeliveryError
from bot.inbound import Inbound
from bot.rasa_client import BotMessage
from bot.settings import GatewaySettings
from bot.splitting import split_message
from feedback_store.buttons import key_for

logger = logging.getLogger(__name__)

# Telegram allows 4096 UTF-16 units; a margin keeps emoji-heavy text under it when counted in characters.
TEXT_LIMIT = 4000
CALLBACK_DATA_BYTES = 64
LONG_PAYLOAD = "#"  # callback data standing for a payload too long to carry, stored under a key
UPDATES = ["message", "callback_query"]

router = APIRouter()


@router.post("/telegram/webhook")
async def webhook(request: Request) -> Response:
    channel: TelegramChannel | None = request.app.state.telegram
    if channel is None or not channel.webhook_mode:
        return Response(status_code=404)
    secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(secret.encode(), channel.settings.webhook_secret().encode()):
        return Response(status_code=401)
    if not channel.application.running:
        return Response(status_code=503)  # still connecting: Telegram sends the update again later
    try:
        data = await request.json()
    except ValueError:
        return Response(status_code=400)
    # Answered once handled; an update Telegram sends again (after a timeout) meets the inbox and is dropped.
    await channel.application.process_update(Update.de_json(data, channel.application.bot))
    return Response(status_code=200)


class TelegramChannel:
    prefix = "telegram:"
    reply_window: timedelta | None = None

    def __init__(self, settings: GatewaySettings, inbound: Inbound) -> None:
        self.settings = settings
        self.inbound = inbound
        self.webhook_mode = bool(settings.telegram_webhook_url)
        base = settings.telegram_api_base_url.rstrip("/")
        builder = Application.builder().token(settings.telegram_bot_token)
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
        if self.webhook_mode:
            builder = builder.updater(None)
        self.application = builder.build()
        self.application.add_handler(MessageHandler(filters.TEXT, self.on_text))
        self.application.add_handler(MessageHandler(filters.PHOTO, self.on_photo))
        self.application.add_handler(CallbackQueryHandler(self.on_button))
        self.application.add_handler(MessageHandler(filters.ALL, self.on_other))
        self.application.add_error_handler(self.on_error)

    async def start(self) -> None:
        """Connect, retrying while Telegram cannot be reached, so the rest of the gateway keeps serving meanwhile."""
        delay = 1.0
        while True:
            try:
                await self._connect()
                return
            except InvalidToken:
                logger.error("Telegram refuses TELEGRAM_BOT_TOKEN: the Telegram channel stays off")
                return
            except TelegramError as error:
                logger.warning("Telegram not reachable (%s); trying again in %.0f s", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 300)

    async def _connect(self) -> None:
        await self.application.initialize()
        bot = self.application.bot
        if self.webhook_mode:
            await bot.set_webhook(
                self.settings.telegram_webhook_url, secret_token=self.settings.webhook_secret(), allowed_updates=UPDATES
            )
        else:
            await bot.delete_webhook()
            assert self.application.updater is not None
            await self.application.updater.start_polling(allowed_updates=UPDATES, timeout=20)
        await self.application.start()
        logger.info("Telegram: @%s, %s", bot.username, "webhook" if self.webhook_mode else "long polling")

    async def stop(self) -> None:
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()  # nothing to do if it never connected

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        await self._receive(f"m:{message.chat_id}:{message.message_id}", message.chat_id, message.text)

    async def on_photo(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.photo
        reference = "telegram_file:" + message.photo[-1].file_id  # the largest size
        text = "/send_photo" + json.dumps({"photo": reference})
        await self._receive(f"m:{message.chat_id}:{message.message_id}", message.chat_id, text)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.message is not None
        await query.answer()  # stops the button's spinner on the citizen's phone
        data = query.data or ""
        payload = data
        if data.startswith(LONG_PAYLOAD):
            payload = await offered.recall(data.removeprefix(LONG_PAYLOAD)) or ""
        if payload:
            await self._receive(f"c:{query.id}", query.message.chat.id, payload)

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, voice, files: say what the bot can read rather than stay silent."""
        message = update.effective_message
        if message is not None:
            await self._receive(f"m:{message.chat_id}:{message.message_id}", message.chat_id, None)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        logger.error("Telegram update failed: %s", context.error, exc_info=context.error)

    async def _receive(self, message_id: str, chat_id: int, text: str | None) -> None:
        await self.inbound.receive(self, message_id, str(chat_id), text)

    async def deliver(self, recipient: str, message: BotMessage) -> None:
        markup = await self._keyboard(message) if message.buttons else None
        pieces = split_message(message.text, TEXT_LIMIT) or ["…"]
        try:
            for index, piece in enumerate(pieces):
                await self.application.bot.send_message(
                    chat_id=int(recipient),
                    text=html.escape(piece, quote=False),
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if index == len(pieces) - 1 else None,
                )
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            raise DeliveryError(str(error), retry_after=seconds) from error
        except (Forbidden, BadRequest) as error:  # blocked by the citizen, chat gone, or a message Telegram refuses
            raise DeliveryError(str(error), permanent=True) from error
        except TelegramError as error:
            raise DeliveryError(str(error)) from error

    async def _keyboard(self, message: BotMessage) -> InlineKeyboardMarkup:
        keys = {b.payload: key_for(b.payload) for b in message.buttons if len(b.payload.encode()) > CALLBACK_DATA_BYTES}
        if keys:
            await offered.remember({key: payload for payload, key in keys.items()})
        data = {b.payload: LONG_PAYLOAD + keys[b.payload] if b.payload in keys else b.payload for b in message.buttons}
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(b.title, callback_data=data[b.payload])] for b in message.buttons]
        )
