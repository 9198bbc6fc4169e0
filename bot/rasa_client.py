"""Talk to the Rasa server over its REST channel; every channel goes through here."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import httpx

logger = logging.getLogger(__name__)


class RasaUnavailable(RuntimeError):
    """Rasa, or the action server behind it, could not answer."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: list[Button] = field(default_factory=list)
    image: str | None = None


class RasaClient:
    def __init__(self, base_url: str, timeout: float, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport)

    async def send(self, sender_id: str, text: str) -> list[BotMessage]:
        try:
            response = await self._http.post("/webhooks/rest/webhook", json={"sender": sender_id, "message": text})
            response.raise_for_status()
            raw = response.json()
        except (httpx.HTTPError, ValueError) as error:
            logger.warning("Rasa did not answer: %s", error)
            raise RasaUnavailable(str(error)) from error
        messages = [_message(item) for item in raw if isinstance(item, dict)]
        messages = [m for m in messages if m.text or m.buttons or m.image]
        if not messages:
            # Every turn of this bot says something; silence means the action server failed.
            raise RasaUnavailable("empty reply")
        return messages

    async def close(self) -> None:
        await self._http.aclose()


def _message(item: dict[str, Any]) -> BotMessage:
    buttons = [
        Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
        for b in item.get("buttons") or []
        if isinstance(b, dict)
    ]
    return BotMessage(text=str(item.get("text") or ""), buttons=buttons, image=item.get("image"))
