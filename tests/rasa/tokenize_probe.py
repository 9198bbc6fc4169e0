"""Run in .venv-rasa by test_tokenizer.py: tokenize stdin lines with the real Rasa component."""

import json
import sys

from rasa.shared.nlu.training_data.message import Message

from nlu.tokenizer import VietnameseTokenizer

tokenizer = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
for line in sys.stdin.read().split("\x1e"):
    message = Message(data={"text": line})
    tokenizer.process([message])
    print(json.dumps([[t.text, t.start, t.end, t.lemma] for t in message.get("text_tokens")], ensure_ascii=False))
