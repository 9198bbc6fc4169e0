"""Load a portal export (the shipped snapshot or a province's newer one) into var/.

The export format is the portal's own: `catalog.jsonl` plus `details/<code>.json`,
as a folder or a tar archive. The result is one SQLite file that the action
server reads; re-running the import replaces it atomically.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = PROJECT / "procedures" / "snapshot" / "dichvucong-2026-07-18.tar.xz"
DEFAULT_DATABASE = PROJECT / "var" / "procedures.sqlite"


class ExportError(ValueError):
    """The export is not in the portal's format."""


def read_export(source: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], dict[str, Any]]:
    """Catalogue rows, detail records by code, and the manifest of an export."""
    files = dict(_files(source))
    catalog_name = next((n for n in files if Path(n).name == "catalog.jsonl"), None)
    if catalog_name is None:
        raise ExportError(f"{source}: no catalog.jsonl")
    rows = [json.loads(line) for line in files[catalog_name].decode("utf-8").splitlines() if line.strip()]
    for row in rows:
        if not row.get("code") or not row.get("name"):
            raise ExportError(f"{source}: a catalogue row has no code or name: {str(row)[:200]}")
    details: dict[str, dict[str, Any]] = {}
    for name, content in files.items():
        path = Path(name)
        if path.parent.name == "details" and path.suffix == ".json":
            response = json.loads(content)
            data = response.get("data") if isinstance(response, dict) and "data" in response else response
            if isinstance(data, dict) and data.get("code"):
                details[data["code"]] = data
    manifest_name = next((n for n in files if Path(n).name == "manifest.json"), None)
    manifest = json.loads(files[manifest_name]) if manifest_name else {}
    return rows, details, manifest


def _files(source: Path) -> Iterator[tuple[str, bytes]]:
    if source.is_dir():
        for path in source.rglob("*"):
            if path.is_file():
                yield str(path.relative_to(source)), path.read_bytes()
    elif tarfile.is_tarfile(source):
        with tarfile.open(source) as archive:
            for member in archive.getmembers():
                handle = archive.extractfile(member) if member.isfile() else None
                if handle is not None:
                    yield member.name, handle.read()
    else:
        raise ExportError(f"{source}: neither a folder nor a tar archive")


def write_database(source: Path, database: Path) -> tuple[int, int]:
    rows, details, manifest = read_export(source)
    database.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=database.parent, suffix=".tmp")
    os.close(handle)
    try:
        with sqlite3.connect(temporary) as connection:
            connection.executescript(
                """
                CREATE TABLE procedures (code TEXT PRIMARY KEY, record TEXT NOT NULL, detail TEXT);
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """
            )
            connection.executemany(
                "INSERT OR REPLACE INTO procedures VALUES (?, ?, ?)",
                (
                    (
                        row["code"],
                        json.dumps(row, ensure_ascii=False),
                        json.dumps(details[row["code"]], ensure_ascii=False) if row["code"] in details else None,
                    )
                    for row in rows
                ),
            )
            connection.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("source", str(source)), ("captured_at", str(manifest.get("startedAt", "")))],
            )
        os.replace(temporary, database)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return len(rows), sum(1 for row in rows if row["code"] in details)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--database", type=Path, default=Path(os.environ.get("PROCEDURES_DB", DEFAULT_DATABASE)))
    args = parser.parse_args()
    total, detailed = write_database(args.source, args.database)
    print(f"Imported {total} procedures ({detailed} with a full record) from {args.source} into {args.database}")


if __name__ == "__main__":
    main()
