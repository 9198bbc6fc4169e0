"""Where the feedback store lives: SQLite under var/ unless FEEDBACK_DB_URL says otherwise."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT = Path(__file__).resolve().parent.parent


class StoreSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FEEDBACK_")

    db_url: str = f"sqlite:///{PROJECT / 'var' / 'feedback.sqlite'}"
