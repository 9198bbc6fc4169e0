"""Bring the feedback store's schema to the latest migration (`python -m feedback_store.migrate`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from feedback_store.settings import StoreSettings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or StoreSettings().db_url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    url = url or StoreSettings().db_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")


if __name__ == "__main__":
    upgrade()
