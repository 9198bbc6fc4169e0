"""Buttons whose payload cannot travel through the platform as is, kept in the store behind a key."""

from __future__ import annotations

import asyncio

from feedback_store import buttons
from feedback_store.db import transaction


async def remember(payloads: dict[str, str]) -> None:
    """Store each key's payload."""

    def run() -> None:
        with transaction() as session:
            for key, payload in payloads.items():
                buttons.remember(session, key, payload)

    await asyncio.to_thread(run)


async def recall(key: str) -> str | None:
    def run() -> str | None:
        with transaction() as session:
            return buttons.recall(session, key)

    return await asyncio.to_thread(run)
