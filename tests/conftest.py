"""Shared fixtures: the imported catalogue, its search index and the domain's texts."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from procedures.catalogue import Catalogue
from procedures.importer import DEFAULT_DATABASE, DEFAULT_SOURCE, write_database
from procedures.search import ProcedureSearch
from tests.postgres import ThrowawayPostgres

PROJECT = Path(__file__).resolve().parent.parent
VENV_RASA_PYTHON = PROJECT / ".venv-rasa" / "bin" / "python"


@pytest.fixture(scope="session")
def procedures_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The imported shipped snapshot (imported afresh when `make` has not done it)."""
    if DEFAULT_DATABASE.exists():
        return DEFAULT_DATABASE
    path = tmp_path_factory.mktemp("catalogue") / "procedures.sqlite"
    write_database(DEFAULT_SOURCE, path)
    return path


@pytest.fixture(scope="session")
def catalogue(procedures_db: Path) -> Catalogue:
    return Catalogue.load(procedures_db)


@pytest.fixture(scope="session")
def search(catalogue: Catalogue) -> ProcedureSearch:
    return ProcedureSearch(catalogue.procedures)


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((PROJECT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def labels(domain: dict[str, Any]) -> dict[str, str]:
    return domain["responses"]["utter_procedure_labels"][0]["custom"]


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres | None]:
    """A throwaway PostgreSQL server when PostgreSQL is installed (CI installs it)."""
    if not ThrowawayPostgres.available():
        yield None
        return
    server = ThrowawayPostgres()
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path, postgres: ThrowawayPostgres | None) -> Iterator[str]:
    """A migrated, empty feedback store of its own for one test, on each database."""
    from feedback_store.db import engine
    from feedback_store.migrate import upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'feedback.sqlite'}"
    elif postgres is None:
        # Only a developer's machine without PostgreSQL skips; CI (CI=true) fails instead.
        if os.environ.get("CI"):
            pytest.fail("CI must test on PostgreSQL: .ci/run installs it")
        pytest.skip("PostgreSQL is not installed on this developer machine")
    else:
        url = postgres.new_database(f"t{uuid.uuid4().hex[:12]}")
    upgrade(url)
    yield url
    engine(url).dispose()
    engine.cache_clear()


@pytest.fixture
def feedback_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite feedback store, set as the one the actions use."""
    from feedback_store.db import engine
    from feedback_store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'feedback.sqlite'}"
    upgrade(url)
    monkeypatch.setenv("FEEDBACK_DB_URL", url)
    engine.cache_clear()
    yield url
    engine.cache_clear()


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
