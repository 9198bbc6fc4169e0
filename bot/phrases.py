"""What the gateway says on its own (Rasa down, empty or oversized text), read from domain.yml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

GATEWAY_RESPONSES = ("utter_empty_message", "utter_message_too_long", "utter_service_unavailable")


@lru_cache(maxsize=2)
def load(domain_file: Path) -> dict[str, str]:
    responses = yaml.safe_load(domain_file.read_text(encoding="utf-8"))["responses"]
    return {name: responses[name][0]["text"] for name in GATEWAY_RESPONSES}
