"""Sentences said outside a Rasa turn (gateway errors, proactive messages), read from domain.yml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"


@lru_cache(maxsize=2)
def load(domain_file: Path = DOMAIN_FILE) -> dict[str, dict[str, Any]]:
    """Each response's first variant: its text and buttons, or its custom payload."""
    responses = yaml.safe_load(domain_file.read_text(encoding="utf-8"))["responses"]
    return {name: variants[0] for name, variants in responses.items() if variants}


def text(name: str, domain_file: Path = DOMAIN_FILE, **values: str) -> str:
    sentence = load(domain_file)[name]["text"]
    for key, value in values.items():
        sentence = sentence.replace("{" + key + "}", value)
    return sentence
