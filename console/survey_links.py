"""The links and QR code printed on a receipt to open the survey."""

from __future__ import annotations

import io
from urllib.parse import quote

import qrcode

from console.settings import ConsoleSettings


def links(token: str, settings: ConsoleSettings) -> dict[str, str]:
    found = {"web": f"{settings.public_web_chat_url.rstrip('/')}/?start={quote(token)}"}
    if settings.telegram_bot_username:
        found["telegram"] = f"https://t.me/{settings.telegram_bot_username}?start={quote(token)}"
    return found


def qr_png(url: str) -> bytes:
    image = qrcode.make(url, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
