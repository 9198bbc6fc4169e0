"""Forget what the channels no longer need: old inbox ids and delivered outbox messages."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from feedback_store import inbox, outbox
from feedback_store.db import transaction
from feedback_store.models import utcnow

logger = logging.getLogger(__name__)


def prune_once(retention: timedelta) -> tuple[int, int]:
    """(inbox rows, outbox rows) removed: older than `retention`."""
    before = utcnow() - retention
    with transaction() as session:
        return inbox.prune(session, before), outbox.prune_sent(session, before)


async def keep_tidy(retention: timedelta, every_seconds: float = 3600) -> None:
    while True:
        try:
            removed = await asyncio.to_thread(prune_once, retention)
            logger.info("housekeeping: %s inbox and %s delivered outbox rows removed", *removed)
        except Exception:  # the store may be down for a while; the next round tries again
            logger.exception("housekeeping failed")
        await asyncio.sleep(every_seconds)
