"""Data access for completed dossiers registered by the one-stop office's system."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_store.models import Transaction


def register(
    session: Session, dossier_code: str, procedure_code: str, agency_code: str, completed_at: datetime
) -> Transaction:
    """Register a dossier; registering it again returns the first registration."""
    existing = by_dossier(session, dossier_code)
    if existing is not None:
        return existing
    transaction = Transaction(
        dossier_code=dossier_code,
        procedure_code=procedure_code,
        agency_code=agency_code,
        completed_at=completed_at,
        # Telegram's /start payload allows [A-Za-z0-9_-]{1,64}; 128 random bits are unguessable.
        survey_token=secrets.token_urlsafe(16),
    )
    session.add(transaction)
    session.flush()
    return transaction


def by_dossier(session: Session, dossier_code: str) -> Transaction | None:
    return session.scalar(select(Transaction).where(Transaction.dossier_code == dossier_code))


def by_token(session: Session, token: str) -> Transaction | None:
    return session.scalar(select(Transaction).where(Transaction.survey_token == token))
