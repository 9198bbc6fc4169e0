"""Data access for the outbox: queue a proactive message, hand pending ones to their channel."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_store.models import OutboxMessage, utcnow


def enqueue(session: Session, sender_id: str, text: str, buttons: list[dict[str, str]] | None = None) -> OutboxMessage:
    message = OutboxMessage(sender_id=sender_id, text=text, buttons=buttons or [])
    session.add(message)
    session.flush()
    return message


def take_pending(session: Session, sender_id: str) -> list[OutboxMessage]:
    """The sender's undelivered messages, oldest first, marked delivered in the caller's transaction."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.sender_id == sender_id, OutboxMessage.delivered_at.is_(None))
        .order_by(OutboxMessage.id)
        .with_for_update(skip_locked=True)
    )
    pending = list(session.scalars(query))
    now = utcnow()
    for message in pending:
        message.delivered_at = now
    return pending
