"""Make `stop` a decision, not a guess: the intent is stop exactly when the message says stop and nothing else.

A `stop` ends a form and throws away what the citizen typed, so a reply that
DIET happens to score as stop ("bỏ qua", a street name...) must not end it, and
"thôi ạ" must always end it, whatever the classifier learnt.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from nlu.intent_guard import IntentGuard
from nlu.stopping import StopRule


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class StopGuard(IntentGuard):
    exclusive = True

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Phrases and fillers are accent-folded, teencode-expanded syllables (nlu/text.py).
        return {"intent": "stop", "phrases": [], "fillers": []}

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self.rule = StopRule(config["phrases"], config["fillers"])

    def decides(self, text: str) -> bool:
        return self.rule.says_stop(text)
