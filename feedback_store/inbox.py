"""Data access for the inbox: each platform message is taken in once, whatever the platform retries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from feedback_store.models import InboxMessage


def take_in(session: Session, platform: str, message_id: str, sender_id: str) -> bool:
    """Record the message; False when it was taken in before (a replay or a platform retry)."""
    try:
        with session.begin_nested():
            session.add(InboxMessage(platform=platform, message_id=message_id[:128], sender_id=sender_id))
    except IntegrityError:
        return False
    return True


def wrote_since(session: Session, sender_id: str, since: datetime) -> bool:
    """Whether the citizen wrote to us after `since`: Zalo allows free replies only for a while after."""
    query = select(InboxMessage.id).where(InboxMessage.sender_id == sender_id, InboxMessage.received_at >= since)
    return session.scalar(query.limit(1)) is not None


def prune(session: Session, before: datetime) -> int:
    """Forget messages taken in before `before`: platforms stop retrying long before, and rows would pile up."""
    return session.execute(delete(InboxMessage).where(InboxMessage.received_at < before)).rowcount
