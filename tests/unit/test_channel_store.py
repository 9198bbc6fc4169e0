"""The outbox, inbox and offered buttons on a real SQLite and PostgreSQL store."""

from datetime import timedelta

from feedback_store import buttons, inbox, outbox
from feedback_store.db import transaction
from feedback_store.models import InboxMessage, OutboxMessage, utcnow

LEASE = timedelta(seconds=60)


def queue(url: str, *items: tuple[str, str]) -> list[int]:
    with transaction(url) as session:
        return [outbox.enqueue(session, sender, text).id for sender, text in items]


def claim(url: str, prefixes: tuple[str, ...] = ("telegram:", "zalo:")) -> list[tuple[str, str]]:
    with transaction(url) as session:
        return [(m.sender_id, m.text) for m in outbox.claim_due(session, prefixes, LEASE)]


def test_claim_takes_due_messages_in_order_and_leases_them(store_url: str) -> None:
    queue(store_url, ("telegram:1", "a"), ("web:9", "w"), ("zalo:2", "b"), ("telegram:1", "c"))
    assert claim(store_url) == [("telegram:1", "a"), ("zalo:2", "b"), ("telegram:1", "c")]
    assert claim(store_url) == [], "leased messages are not claimed twice"
    assert claim(store_url, ("web:",)) == [("web:9", "w")]


def test_a_retry_holds_back_the_senders_later_messages(store_url: str) -> None:
    first, second, other = queue(store_url, ("telegram:1", "a"), ("telegram:1", "b"), ("telegram:2", "x"))
    claim(store_url)
    with transaction(store_url) as session:
        outbox.mark_retry(session, first, "timeout", timedelta(minutes=5), max_attempts=3)
        outbox.release(session, [second])
        outbox.mark_sent(session, other)
    assert claim(store_url) == [], "b must wait for a: order per citizen"
    with transaction(store_url) as session:
        session.get_one(OutboxMessage, first).next_attempt_at = utcnow() - timedelta(seconds=1)
    assert claim(store_url) == [("telegram:1", "a"), ("telegram:1", "b")]


def test_a_message_fails_for_good_after_its_attempts_and_is_listed(store_url: str) -> None:
    (message_id,) = queue(store_url, ("zalo:5", "answer"))
    for _ in range(3):
        with transaction(store_url) as session:
            result = outbox.mark_retry(session, message_id, "HTTP 502", timedelta(0), max_attempts=3)
    assert (result.status, result.attempts, result.last_error) == ("failed", 3, "HTTP 502")
    (undeliverable,) = queue(store_url, ("zalo:6", "late"))
    with transaction(store_url) as session:
        outbox.mark_problem(session, undeliverable, "undeliverable", "outside the window")
        listed = [(m.sender_id, m.status) for m in outbox.problems(session)]
    assert listed == [("zalo:6", "undeliverable"), ("zalo:5", "failed")]
    assert claim(store_url) == []


def test_the_web_poll_takes_only_its_senders_pending_messages_once(store_url: str) -> None:
    queue(store_url, ("web:a", "1"), ("web:b", "2"), ("web:a", "3"))
    with transaction(store_url) as session:
        assert [m.text for m in outbox.take_pending(session, "web:a")] == ["1", "3"]
    with transaction(store_url) as session:
        assert outbox.take_pending(session, "web:a") == []


def test_inbox_takes_a_platform_message_once(store_url: str) -> None:
    with transaction(store_url) as session:
        assert inbox.take_in(session, "telegram", "m:1:7", "telegram:1")
        assert not inbox.take_in(session, "telegram", "m:1:7", "telegram:1")
        assert inbox.take_in(session, "zalo", "m:1:7", "zalo:1"), "ids are per platform"
    with transaction(store_url) as session:
        assert not inbox.take_in(session, "telegram", "m:1:7", "telegram:1"), "kept across transactions"
        assert inbox.wrote_since(session, "telegram:1", utcnow() - timedelta(hours=1))
        assert not inbox.wrote_since(session, "telegram:1", utcnow() + timedelta(seconds=1))
        assert not inbox.wrote_since(session, "telegram:2", utcnow() - timedelta(hours=1))


def test_offered_buttons_keep_the_latest_payload_under_a_key(store_url: str) -> None:
    key = buttons.key_for("zalo:1", "Lệ phí")
    with transaction(store_url) as session:
        buttons.remember(session, key, '/ask_fee{"procedure_code": "1.001193"}')
    with transaction(store_url) as session:
        buttons.remember(session, key, '/ask_fee{"procedure_code": "2.000001"}')
    with transaction(store_url) as session:
        assert buttons.recall(session, key) == '/ask_fee{"procedure_code": "2.000001"}'
        assert buttons.recall(session, buttons.key_for("zalo:2", "Lệ phí")) is None


def test_old_inbox_ids_and_delivered_messages_are_forgotten_but_problems_stay(store_url: str) -> None:
    with transaction(store_url) as session:
        inbox.take_in(session, "zalo", "old", "zalo:1")
        inbox.take_in(session, "zalo", "new", "zalo:1")
        session.flush()
        session.execute(
            InboxMessage.__table__.update()
            .where(InboxMessage.message_id == "old")
            .values(received_at=utcnow() - timedelta(days=40))
        )
    sent, failed, _pending = queue(store_url, ("web:a", "1"), ("zalo:1", "2"), ("zalo:1", "3"))
    with transaction(store_url) as session:
        outbox.mark_sent(session, sent)
        outbox.mark_problem(session, failed, "failed", "blocked")
    with transaction(store_url) as session:
        cutoff = utcnow() + timedelta(seconds=1)
        assert inbox.prune(session, utcnow() - timedelta(days=30)) == 1
        assert outbox.prune_sent(session, cutoff) == 1
    with transaction(store_url) as session:
        assert inbox.take_in(session, "zalo", "old", "zalo:1"), "forgotten"
        assert not inbox.take_in(session, "zalo", "new", "zalo:1"), "still remembered"
        assert [m.status for m in session.query(OutboxMessage).order_by(OutboxMessage.id)] == ["failed", "pending"]
