"""Engine and session factory. Transactions are opened by the repositories' callers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from feedback_store.settings import StoreSettings


@lru_cache(maxsize=4)
def engine(url: str | None = None) -> Engine:
    url = url or StoreSettings().db_url
    created = create_engine(url, pool_pre_ping=True)
    if created.dialect.name == "sqlite":
        event.listen(created, "connect", _sqlite_pragmas)
    return created


def _sqlite_pragmas(connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@contextmanager
def transaction(url: str | None = None) -> Iterator[Session]:
    """One unit of work: committed on success, rolled back on any error."""
    with sessionmaker(engine(url), expire_on_commit=False).begin() as session:
        yield session
