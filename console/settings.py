"""Console settings, from the environment."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT = Path(__file__).resolve().parent.parent


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="")

    transactions_api_key: str = ""
    # Where citizens open the survey: the public web chat address and the Telegram bot's username.
    public_web_chat_url: str = "http://127.0.0.1:8080"
    telegram_bot_username: str = ""
    var_dir: Path = PROJECT / "var"

    def api_key(self) -> str:
        """TRANSACTIONS_API_KEY, or one generated once into var/transactions_api_key."""
        if self.transactions_api_key:
            return self.transactions_api_key
        path = self.var_dir / "transactions_api_key"
        if not path.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        return path.read_text().strip()
