"""One path for every channel: clean the text, guard its size, ask Rasa."""

from __future__ import annotations

import unicodedata

from bot.phrases import load
from bot.rasa_client import BotMessage, RasaClient, RasaUnavailable
from bot.settings import GatewaySettings


class Conversation:
    def __init__(self, rasa: RasaClient, settings: GatewaySettings) -> None:
        self.rasa = rasa
        self.settings = settings
        self.phrases = load(settings.domain_file)

    async def reply(self, sender_id: str, text: str) -> list[BotMessage]:
        """The bot's answer; raises RasaUnavailable when nobody could answer."""
        text = unicodedata.normalize("NFC", text).strip()
        if not text:
            return [BotMessage(self.phrases["utter_empty_message"])]
        if len(text) > self.settings.max_message_chars:
            limit = f"{self.settings.max_message_chars:,}".replace(",", ".")
            return [BotMessage(self.phrases["utter_message_too_long"].replace("{limit}", limit))]
        return await self.rasa.send(sender_id, text)

    def unavailable(self) -> BotMessage:
        return BotMessage(self.phrases["utter_service_unavailable"])


__all__ = ["Conversation", "RasaUnavailable"]
