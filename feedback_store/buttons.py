"""Data access for offered buttons: a long payload kept behind a short key the platform carries back."""

from __future__ import annotations

import hashlib

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from feedback_store.models import OfferedButton


def key_for(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def remember(session: Session, key: str, payload: str) -> None:
    """Store (or refresh) the payload behind `key`; concurrent gateways may offer the same one."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(OfferedButton).values(key=key, payload=payload)
    session.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"payload": payload}))


def recall(session: Session, key: str) -> str | None:
    button = session.get(OfferedButton, key)
    return button.payload if button else None
