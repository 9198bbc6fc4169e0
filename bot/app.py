"""The gateway's ASGI app (`uvicorn bot.app:app --port 8080`): web chat, Telegram, Zalo, and the outbox."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot import housekeeping, telegram, webchat, zalo
from bot.conversation import Conversation
from bot.dispatcher import OutboxDispatcher
from bot.inbound import Inbound
from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings
from bot.zalo_client import ZaloClient


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        conversation = Conversation(rasa, settings)
        dispatcher = OutboxDispatcher(
            settings.outbox_max_attempts, settings.outbox_retry_base_seconds, settings.outbox_poll_seconds
        )
        inbound = Inbound(conversation, dispatcher)
        app.state.conversation = conversation
        app.state.telegram = app.state.zalo = None
        async with contextlib.AsyncExitStack() as stack:
            stack.push_async_callback(rasa.close)
            if settings.telegram_bot_token:
                app.state.telegram = telegram.TelegramChannel(settings, inbound)
                stack.push_async_callback(app.state.telegram.stop)
                connecting = asyncio.create_task(app.state.telegram.start())
                stack.callback(connecting.cancel)
                dispatcher.register(app.state.telegram)
            if settings.zalo_app_id and settings.zalo_oa_secret_key:
                client = ZaloClient(
                    settings.zalo_api_base_url,
                    settings.zalo_oauth_base_url,
                    settings.zalo_app_id,
                    settings.zalo_app_secret,
                    settings.zalo_access_token,
                    settings.zalo_refresh_token,
                )
                stack.push_async_callback(client.close)
                app.state.zalo = zalo.ZaloChannel(client, inbound, settings)
                stack.push_async_callback(app.state.zalo.drain)
                dispatcher.register(app.state.zalo)
            if dispatcher.channels:
                sending = asyncio.create_task(dispatcher.run())
                stack.callback(sending.cancel)
            tidying = asyncio.create_task(housekeeping.keep_tidy(settings.message_retention()))
            stack.callback(tidying.cancel)
            yield

    app = FastAPI(title="Trợ lý dịch vụ công — cổng kênh chat", lifespan=lifespan)
    app.include_router(webchat.router)
    app.include_router(telegram.router)
    app.include_router(zalo.router)

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


app = create_app()
