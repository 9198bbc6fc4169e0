"""The gateway's small parts: rate limit, message splitting, Zalo's webhook signature."""

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from bot.rate_limit import RateLimiter, Verdict
from bot.settings import GatewaySettings
from bot.splitting import split_message
from bot.zalo import signed_event


def test_rate_limit_warns_once_per_burst_then_lets_the_sender_back() -> None:
    now = [0.0]
    limiter = RateLimiter(3, 10.0, clock=lambda: now[0])
    assert [limiter.check("a") for _ in range(5)] == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP]
    assert limiter.check("b") is Verdict.ALLOW, "limits are per sender"
    now[0] = 10.5
    assert limiter.check("a") is Verdict.ALLOW


def test_a_long_answer_is_cut_at_paragraphs_then_words() -> None:
    first = "Đoạn một có đủ chữ để chiếm quá nửa giới hạn."
    text = first + "\n\n" + "chữ " * 30 + "\n\nĐoạn ba."
    pieces = split_message(text, 60)
    assert pieces[0] == first
    assert all(len(p) <= 60 for p in pieces)
    assert " ".join(pieces).split() == text.split()


@given(st.text(alphabet=st.sampled_from("ab \n.ễ😀"), max_size=400), st.integers(min_value=5, max_value=50))
def test_pieces_fit_and_lose_no_word(text: str, limit: int) -> None:
    pieces = split_message(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


SETTINGS = GatewaySettings(zalo_app_id="123456", zalo_oa_secret_key="oa-secret", zalo_webhook_max_age_seconds=300)


def sign(raw: bytes, timestamp: str) -> str:
    return hashlib.sha256(b"123456" + raw + timestamp.encode() + b"oa-secret").hexdigest()


def test_zalo_signature_is_checked_with_or_without_the_mac_prefix() -> None:
    raw = json.dumps({"event_name": "user_send_text", "timestamp": "1700000000000"}).encode()
    assert signed_event(raw, "mac=" + sign(raw, "1700000000000"), SETTINGS, now=1700000001.0) is not None
    assert signed_event(raw, sign(raw, "1700000000000"), SETTINGS, now=1700000001.0) is not None
    assert signed_event(raw, "mac=" + sign(raw + b" ", "1700000000000"), SETTINGS, now=1700000001.0) is None
    assert signed_event(raw, None, SETTINGS, now=1700000001.0) is None
    assert signed_event(b"not json", "mac=" + sign(b"not json", "1"), SETTINGS) is None


def test_a_stale_zalo_request_is_refused_even_when_signed() -> None:
    raw = json.dumps({"event_name": "user_send_text", "timestamp": "1700000000000"}).encode()
    assert signed_event(raw, "mac=" + sign(raw, "1700000000000"), SETTINGS, now=1700000000.0 + 301) is None
