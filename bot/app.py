"""The gateway's ASGI app (`uvicorn bot.app:app --port 8080`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot import webchat
from bot.conversation import Conversation
from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        app.state.conversation = Conversation(rasa, settings)
        yield
        await rasa.close()

    app = FastAPI(title="Trợ lý dịch vụ công — cổng kênh chat", lifespan=lifespan)
    app.include_router(webchat.router)

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


app = create_app()
