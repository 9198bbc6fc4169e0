"""Read access to the imported catalogue."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from procedures.importer import DEFAULT_DATABASE
from procedures.model import Procedure


class Catalogue:
    def __init__(self, procedures: list[Procedure]) -> None:
        self.procedures = procedures
        self._by_code = {p.code: p for p in procedures}

    def get(self, code: str) -> Procedure | None:
        return self._by_code.get(code)

    @classmethod
    def load(cls, database: Path | None = None) -> Catalogue:
        path = database or Path(os.environ.get("PROCEDURES_DB", DEFAULT_DATABASE))
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `make import` first")
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            rows = connection.execute("SELECT record, detail FROM procedures ORDER BY code").fetchall()
        return cls(
            [
                Procedure.from_catalog(json.loads(record), json.loads(detail) if detail else None)
                for record, detail in rows
            ]
        )
