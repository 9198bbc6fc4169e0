"""The outbox dispatcher against a recording channel: order, retries, permanent failures, reply window."""

import asyncio
from datetime import timedelta

from bot.delivery import DeliveryError
from bot.dispatcher import OutboxDispatcher
from bot.rasa_client import BotMessage
from feedback_store import inbox, outbox
from feedback_store.db import transaction
from feedback_store.models import OutboxMessage


class RecordingChannel:
    prefix = "fake:"

    def __init__(self, reply_window: timedelta | None = None) -> None:
        self.reply_window = reply_window
        self.sent: list[tuple[str, str]] = []
        self.failures: list[DeliveryError] = []

    async def deliver(self, recipient: str, message: BotMessage) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((recipient, message.text))


def dispatcher(channel: RecordingChannel) -> OutboxDispatcher:
    sender = OutboxDispatcher(max_attempts=3, retry_base_seconds=0.0, poll_seconds=0.1)
    sender.register(channel)
    return sender


def queue(*texts: str, sender: str = "fake:1") -> list[int]:
    with transaction() as session:
        return [outbox.enqueue(session, sender, text, [{"title": "Có", "payload": "/affirm"}]).id for text in texts]


def statuses(ids: list[int]) -> list[str]:
    with transaction() as session:
        return [session.get_one(OutboxMessage, i).status for i in ids]


def test_messages_go_out_in_order_and_are_marked_sent(feedback_db: str) -> None:
    channel = RecordingChannel()
    ids = queue("một", "hai", "ba")
    assert asyncio.run(dispatcher(channel).dispatch_once()) == 3
    assert channel.sent == [("1", "một"), ("1", "hai"), ("1", "ba")]
    assert statuses(ids) == ["sent"] * 3


def test_a_temporary_failure_is_retried_and_nothing_overtakes_it(feedback_db: str) -> None:
    channel = RecordingChannel()
    channel.failures = [DeliveryError("HTTP 502")]
    ids = queue("một", "hai")
    sender = dispatcher(channel)
    asyncio.run(sender.dispatch_once())
    assert channel.sent == [] and statuses(ids) == ["pending", "pending"]
    asyncio.run(sender.dispatch_once())
    assert channel.sent == [("1", "một"), ("1", "hai")]


def test_a_message_that_keeps_failing_ends_visible_as_failed(feedback_db: str) -> None:
    channel = RecordingChannel()
    channel.failures = [DeliveryError("HTTP 502")] * 3
    ids = queue("một")
    sender = dispatcher(channel)
    for _ in range(3):
        asyncio.run(sender.dispatch_once())
    assert statuses(ids) == ["failed"]
    with transaction() as session:
        (problem,) = outbox.problems(session)
        assert (problem.attempts, problem.last_error) == (3, "HTTP 502")


def test_a_permanent_failure_is_not_retried(feedback_db: str) -> None:
    channel = RecordingChannel()
    channel.failures = [DeliveryError("Forbidden: bot was blocked by the user", permanent=True)]
    ids = queue("một", "hai")
    asyncio.run(dispatcher(channel).dispatch_once())
    assert statuses(ids) == ["failed", "sent"]


def test_outside_the_reply_window_a_message_is_kept_undeliverable(feedback_db: str) -> None:
    channel = RecordingChannel(reply_window=timedelta(hours=48))
    with transaction() as session:
        inbox.take_in(session, "fake", "m1", "fake:recent")
    late = queue("trả lời", sender="fake:silent")
    on_time = queue("trả lời", sender="fake:recent")
    asyncio.run(dispatcher(channel).dispatch_once())
    assert channel.sent == [("recent", "trả lời")]
    assert statuses(late + on_time) == ["undeliverable", "sent"]
