"""A message carrying a tracking code asks about that report, whatever words surround the code.

DIET alone read "phản ánh PA-… đến đâu rồi" as filing a new report for some
codes and as a status question for others: a code's letters are new character
n-grams every time. Inside the report form the description is taken as typed
whatever the intent, so a code written there is not lost.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from feedback_store import tracking
from nlu.intent_guard import IntentGuard


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TrackingCodeGuard(IntentGuard):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": "check_status"}

    def decides(self, text: str) -> bool:
        return tracking.find(text) is not None
