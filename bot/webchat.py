"""The web chat: the contract's POST /api/chat and a page to try the bot in a browser."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field

from bot.conversation import Conversation, RasaUnavailable
from bot.rasa_client import BotMessage, Button
from feedback_store import outbox
from feedback_store.db import transaction

STATIC = Path(__file__).resolve().parent / "static"

router = APIRouter()


class ChatRequest(BaseModel):
    sender_id: str = Field(min_length=1, max_length=128)
    text: str = Field(max_length=100_000)


class ButtonOut(BaseModel):
    title: str
    payload: str


class MessageOut(BaseModel):
    text: str
    buttons: list[ButtonOut] = []


class ChatResponse(BaseModel):
    messages: list[MessageOut]


def _out(messages: list[BotMessage]) -> ChatResponse:
    return ChatResponse(
        messages=[
            MessageOut(text=m.text, buttons=[ButtonOut(title=b.title, payload=b.payload) for b in m.buttons])
            for m in messages
        ]
    )


@router.post("/api/chat", response_model=ChatResponse)
async def chat(body: ChatRequest, request: Request) -> ChatResponse | JSONResponse:
    conversation: Conversation = request.app.state.conversation
    try:
        messages = await conversation.reply(f"web:{body.sender_id}", body.text)
    except RasaUnavailable:
        return JSONResponse(status_code=503, content=_out([conversation.unavailable()]).model_dump())
    return _out(messages)


@router.get("/api/chat/poll", response_model=ChatResponse)
async def poll(sender_id: str) -> ChatResponse:
    """Messages the system queued for this web chat (survey invitations...), each handed out once."""

    def take() -> list[BotMessage]:
        with transaction() as session:
            return [
                BotMessage(m.text, [Button(**b) for b in m.buttons])
                for m in outbox.take_pending(session, f"web:{sender_id}")
            ]

    return _out(await asyncio.to_thread(take))


@router.get("/", include_in_schema=False)
async def page() -> FileResponse:
    return FileResponse(STATIC / "index.html")
