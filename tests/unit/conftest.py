"""The gateway's unit tests talk to a fake Rasa over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.rasa import FakeRasa


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    yield fake
    fake.close()
