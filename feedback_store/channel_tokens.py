"""Data access for a channel's OAuth pair (Zalo): read it, and replace it under a row lock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_store.models import ChannelToken, utcnow


def current(session: Session, name: str, seed_access: str, seed_refresh: str) -> ChannelToken | None:
    """The stored pair; the first time, the one from the settings is stored and used."""
    token = session.get(ChannelToken, name)
    if token is None and seed_access and seed_refresh:
        token = ChannelToken(name=name, access_token=seed_access, refresh_token=seed_refresh)
        session.add(token)
        session.flush()
    return token


def locked(session: Session, name: str) -> ChannelToken | None:
    """The pair, locked until the caller's transaction ends, so one gateway at a time spends the refresh token."""
    return session.scalar(select(ChannelToken).where(ChannelToken.name == name).with_for_update())


def replace(session: Session, token: ChannelToken, access: str, refresh: str, expires_at: datetime | None) -> None:
    token.access_token, token.refresh_token, token.expires_at, token.updated_at = access, refresh, expires_at, utcnow()
