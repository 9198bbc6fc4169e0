"""One path for every channel: clean the text, guard its size, ask Rasa."""

from __future__ import annotations

import json
import re
import unicodedata

from bot import phrases
from bot.rasa_client import BotMessage, RasaClient, RasaUnavailable
from bot.rate_limit import RateLimiter, Verdict
from bot.settings import GatewaySettings

# A survey link (Telegram deep link or the web chat's ?start=): "/start <token>".
START = re.compile(r"^/start\s+([A-Za-z0-9_-]{1,64})$")


def as_rasa_text(text: str) -> str:
    """Turn a survey link's start command into the intent it stands for; other text is unchanged."""
    match = START.match(text)
    if match:
        return "/rate_service" + json.dumps({"survey_token": match.group(1)})
    return text


class Conversation:
    def __init__(self, rasa: RasaClient, settings: GatewaySettings) -> None:
        self.rasa = rasa
        self.settings = settings
        self.limiter = RateLimiter(settings.rate_limit_messages, settings.rate_limit_window_seconds)

    async def reply(self, sender_id: str, text: str) -> list[BotMessage]:
        """The bot's answer; raises RasaUnavailable when nobody could answer."""
        verdict = self.limiter.check(sender_id)
        if verdict is Verdict.DROP:
            return []
        if verdict is Verdict.WARN:
            return [BotMessage(phrases.text("utter_too_many_messages", self.settings.domain_file))]
        text = unicodedata.normalize("NFC", text).strip()
        if not text:
            return [BotMessage(phrases.text("utter_empty_message", self.settings.domain_file))]
        if len(text) > self.settings.max_message_chars:
            limit = f"{self.settings.max_message_chars:,}".replace(",", ".")
            return [BotMessage(phrases.text("utter_message_too_long", self.settings.domain_file, limit=limit))]
        return await self.rasa.send(sender_id, as_rasa_text(text))

    def unsupported(self) -> BotMessage:
        """For stickers, voice notes and files: what the bot can read instead."""
        return BotMessage(phrases.text("utter_unsupported_message", self.settings.domain_file))

    def unavailable(self) -> BotMessage:
        return BotMessage(phrases.text("utter_service_unavailable", self.settings.domain_file))


__all__ = ["Conversation", "RasaUnavailable"]
