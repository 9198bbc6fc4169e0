"""Data access for the outbox: queue a message, claim due ones for a channel, record how delivery went."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from feedback_store.models import OutboxMessage, utcnow

PROBLEMS = ("failed", "undeliverable")


def enqueue(session: Session, sender_id: str, text: str, buttons: list[dict[str, str]] | None = None) -> OutboxMessage:
    message = OutboxMessage(sender_id=sender_id, text=text, buttons=buttons or [], status="pending", attempts=0)
    session.add(message)
    session.flush()
    return message


def take_pending(session: Session, sender_id: str) -> list[OutboxMessage]:
    """The sender's undelivered messages, oldest first, marked sent in the caller's transaction (web chat polls)."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.sender_id == sender_id, OutboxMessage.status == "pending")
        .order_by(OutboxMessage.id)
        .with_for_update(skip_locked=True)
    )
    pending = list(session.scalars(query))
    now = utcnow()
    for message in pending:
        message.status, message.delivered_at = "sent", now
    return pending


def claim_due(
    session: Session, prefixes: Iterable[str], lease: timedelta, limit: int = 200, now: datetime | None = None
) -> list[OutboxMessage]:
    """Pending messages to send now, oldest first, leased to the caller so another gateway leaves them alone.

    A sender's messages go out in order: when its oldest pending message is
    waiting for a retry, nothing after it is claimed.
    """
    now = now or utcnow()
    prefixes = list(prefixes)
    if not prefixes:
        return []
    due = or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)
    query = (
        select(OutboxMessage, due.label("due"))
        .where(OutboxMessage.status == "pending", or_(*(OutboxMessage.sender_id.startswith(p) for p in prefixes)))
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update()
    )
    claimed: list[OutboxMessage] = []
    waiting: set[str] = set()
    for message, is_due in session.execute(query):
        if message.sender_id in waiting:
            continue
        if not is_due:
            waiting.add(message.sender_id)
            continue
        message.next_attempt_at = now + lease
        claimed.append(message)
    return claimed


def mark_sent(session: Session, message_id: int) -> None:
    message = session.get_one(OutboxMessage, message_id)
    message.status, message.delivered_at, message.attempts = "sent", utcnow(), message.attempts + 1


def release(session: Session, message_ids: Iterable[int]) -> None:
    """Give back claimed messages that were not tried (an earlier one of the same sender failed)."""
    for message_id in message_ids:
        session.get_one(OutboxMessage, message_id).next_attempt_at = None


def mark_retry(session: Session, message_id: int, error: str, delay: timedelta, max_attempts: int) -> OutboxMessage:
    """Count a failed attempt: try again after `delay`, or give up for good after `max_attempts`."""
    message = session.get_one(OutboxMessage, message_id)
    message.attempts += 1
    message.last_error = error[:2000]
    if message.attempts >= max_attempts:
        message.status = "failed"
    else:
        message.next_attempt_at = utcnow() + delay
    return message


def mark_problem(session: Session, message_id: int, status: str, error: str) -> None:
    """A message that will not be delivered: failed (the platform refused) or undeliverable (outside its rules)."""
    assert status in PROBLEMS
    message = session.get_one(OutboxMessage, message_id)
    message.status, message.last_error, message.attempts = status, error[:2000], message.attempts + 1


def problems(session: Session, limit: int = 200) -> list[OutboxMessage]:
    """Messages that did not reach the citizen, newest first, for officers to follow up another way."""
    query = (
        select(OutboxMessage).where(OutboxMessage.status.in_(PROBLEMS)).order_by(OutboxMessage.id.desc()).limit(limit)
    )
    return list(session.scalars(query))


def prune_sent(session: Session, before: datetime) -> int:
    """Forget messages delivered before `before`; failed and undeliverable ones stay for officers."""
    query = delete(OutboxMessage).where(OutboxMessage.status == "sent", OutboxMessage.delivered_at < before)
    return session.execute(query).rowcount
