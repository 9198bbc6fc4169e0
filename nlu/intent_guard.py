"""A rule that decides one intent outright, after DIET has guessed."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


class IntentGuard(GraphComponent):
    """`intent` with confidence 1 when `decides(text)`.

    When `exclusive`, the rule is the only way to the intent: a DIET guess of
    it without the rule falls back to the next in the ranking.
    """

    exclusive = False

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentGuard:
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self.intent: str = config["intent"]

    def decides(self, text: str) -> bool:
        raise NotImplementedError

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != self.intent]
            if self.decides(message.get(TEXT) or ""):
                chosen = {"name": self.intent, "confidence": 1.0}
                # The others drop to 0: a confident second guess would make FallbackClassifier call it ambiguous.
                overruled = [{**r, "confidence": 0.0} for r in ranking]
                message.set(INTENT, chosen, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [chosen, *overruled], add_to_output=True)
            elif self.exclusive and intent.get("name") == self.intent and ranking:
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
