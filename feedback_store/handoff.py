"""Data access for handoff requests."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_store.models import HandoffRequest


def record(session: Session, sender_id: str, last_message: str, procedure_code: str | None) -> HandoffRequest:
    channel = sender_id.split(":", 1)[0] if ":" in sender_id else "rest"
    request = HandoffRequest(
        sender_id=sender_id, channel=channel, last_message=last_message[:4000], procedure_code=procedure_code
    )
    session.add(request)
    session.flush()
    return request


def for_sender(session: Session, sender_id: str) -> list[HandoffRequest]:
    query = select(HandoffRequest).where(HandoffRequest.sender_id == sender_id).order_by(HandoffRequest.id)
    return list(session.scalars(query))
