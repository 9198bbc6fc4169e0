"""Start the real stack (Rasa, action server, gateway) on free ports, as `make run` does."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from feedback_store.migrate import upgrade
from ops.stack import Stack, environment
from tests.conftest import PROJECT
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo

MODEL = PROJECT / "models" / "current.tar.gz"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that take the stack down go after everything that needs it up."""
    items.sort(key=lambda item: item.get_closest_marker("disruptive") is not None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


TELEGRAM_TOKEN = "7000000001:e2e-telegram-token"
ZALO = {"app_id": "2553928453557884079", "app_secret": "e2e-app-secret", "oa_secret_key": "e2e-oa-secret"}


@pytest.fixture(scope="session")
def fake_telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram(TELEGRAM_TOKEN)
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def fake_zalo() -> Iterator[FakeZalo]:
    fake = FakeZalo(**ZALO, access_token="e2e-access", refresh_token="e2e-refresh")
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def stack(
    tmp_path_factory: pytest.TempPathFactory, procedures_db: Path, fake_telegram: FakeTelegram, fake_zalo: FakeZalo
) -> Iterator[Stack]:
    assert MODEL.exists(), "train first: make train"
    var = tmp_path_factory.mktemp("var")
    env = environment(
        {
            "RASA_PORT": str(free_port()),
            "ACTION_PORT": str(free_port()),
            "GATEWAY_PORT": str(free_port()),
            "CONSOLE_PORT": str(free_port()),
            "TRANSACTIONS_API_KEY": "e2e-office-key",
            "PROCEDURES_DB": str(procedures_db),
            "RASA_AUTH_TOKEN": "e2e-secret-token",
            "TRACKER_DB_URL": f"sqlite:///{var / 'tracker.sqlite'}",
            "FEEDBACK_DB_URL": f"sqlite:///{var / 'feedback.sqlite'}",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_API_BASE_URL": fake_telegram.url,
            "TELEGRAM_BOT_USERNAME": fake_telegram.bot_user["username"],
            "ZALO_APP_ID": ZALO["app_id"],
            "ZALO_APP_SECRET": ZALO["app_secret"],
            "ZALO_OA_SECRET_KEY": ZALO["oa_secret_key"],
            "ZALO_ACCESS_TOKEN": "e2e-access",
            "ZALO_REFRESH_TOKEN": "e2e-refresh",
            "ZALO_API_BASE_URL": fake_zalo.url,
            "ZALO_OAUTH_BASE_URL": fake_zalo.url,
            "OUTBOX_POLL_SECONDS": "0.5",
        },
        var=var,
    )
    upgrade(env["FEEDBACK_DB_URL"])
    running = Stack(env, log=var / "stack.log")
    try:
        running.start(timeout=300)
    except Exception:
        print((var / "stack.log").read_text(errors="replace")[-5000:])
        raise
    yield running
    running.stop()


@pytest.fixture(scope="session")
def gateway(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://127.0.0.1:{stack.env['GATEWAY_PORT']}", timeout=60) as client:
        yield client


@pytest.fixture(scope="session")
def console(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=f"http://127.0.0.1:{stack.env['CONSOLE_PORT']}",
        headers={"X-API-Key": "e2e-office-key"},
        timeout=30,
    ) as client:
        yield client
