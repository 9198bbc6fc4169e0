"""Gateway settings, from the environment."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT = Path(__file__).resolve().parent.parent


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="")

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_seconds: float = 30.0
    max_message_chars: int = 4000
    domain_file: Path = PROJECT / "domain.yml"

    # Per sender: at most this many messages in the window reach Rasa.
    rate_limit_messages: int = 20
    rate_limit_window_seconds: float = 60.0

    outbox_max_attempts: int = 8
    outbox_retry_base_seconds: float = 2.0
    outbox_poll_seconds: float = 2.0
    # Inbox ids and delivered messages are kept this long (never less than Zalo's reply window, which reads them).
    message_retention_days: float = 30.0

    # Telegram: on when a token is set; long polling unless a webhook URL is given.
    telegram_bot_token: str = ""
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    telegram_api_base_url: str = "https://api.telegram.org"

    # Zalo Official Account: on when the app id and OA secret key are set.
    zalo_app_id: str = ""
    zalo_oa_secret_key: str = ""
    zalo_app_secret: str = ""
    zalo_access_token: str = ""
    zalo_refresh_token: str = ""
    zalo_api_base_url: str = "https://openapi.zalo.me"
    zalo_oauth_base_url: str = "https://oauth.zaloapp.com"
    zalo_reply_window_hours: float = 48.0
    # A signed webhook older than this is refused as a replay.
    zalo_webhook_max_age_seconds: float = 300.0

    def message_retention(self) -> timedelta:
        return max(timedelta(days=self.message_retention_days), timedelta(hours=self.zalo_reply_window_hours))

    def webhook_secret(self) -> str:
        """TELEGRAM_WEBHOOK_SECRET, or one derived from the bot token so every replica agrees on it."""
        if self.telegram_webhook_secret:
            return self.telegram_webhook_secret
        return hashlib.sha256(b"telegram-webhook:" + self.telegram_bot_token.encode()).hexdigest()
