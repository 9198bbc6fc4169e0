"""Make `stop` a decision, not a guess: the intent is stop exactly when the message says stop and nothing else.

A `stop` ends a form and throws away what the citizen typed, so a reply that
DIET happens to score as stop ("bỏ qua", a street name...) must not end it, and
"thôi ạ" must always end it, whatever the classifier learnt.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.stopping import StopRule


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class StopGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Phrases and fillers are accent-folded, teencode-expanded syllables (nlu/text.py).
        return {"intent": "stop", "phrases": [], "fillers": []}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> StopGuard:
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self.intent: str = config["intent"]
        self.rule = StopRule(config["phrases"], config["fillers"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != self.intent]
            if self.rule.says_stop(message.get(TEXT) or ""):
                chosen = {"name": self.intent, "confidence": 1.0}
                message.set(INTENT, chosen, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
            elif intent.get("name") == self.intent and ranking:
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
