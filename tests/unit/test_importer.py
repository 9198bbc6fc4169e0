"""The importer reads the portal's own export format, from a folder or an archive."""

import json
import sqlite3
import tarfile
import unicodedata
from pathlib import Path

import pytest

from procedures.catalogue import Catalogue
from procedures.importer import DEFAULT_SOURCE, ExportError, read_export, write_database
from procedures.model import Procedure


def make_export(folder: Path) -> Path:
    """A small export in the portal's format, cut from the shipped snapshot."""
    rows, details, _ = read_export(DEFAULT_SOURCE)
    keep = {"1.001193", "1.000656", "3.000347"}
    (folder / "details").mkdir(parents=True)
    with (folder / "catalog.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            if row["code"] in keep:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    for code in keep & details.keys():
        (folder / "details" / f"{code}.json").write_text(
            json.dumps({"code": "OK", "data": details[code]}, ensure_ascii=False), encoding="utf-8"
        )
    (folder / "manifest.json").write_text(json.dumps({"startedAt": "2026-07-18T09:13:46Z"}))
    return folder


def test_shipped_snapshot_is_complete() -> None:
    rows, details, manifest = read_export(DEFAULT_SOURCE)
    assert len(rows) == 5670
    assert len(details) == 502
    assert manifest["catalogTotal"] == 5670


def test_import_from_a_folder(tmp_path: Path) -> None:
    database = tmp_path / "procedures.sqlite"
    total, detailed = write_database(make_export(tmp_path / "export"), database)
    assert (total, detailed) == (3, 2)
    catalogue = Catalogue.load(database)
    khai_sinh = catalogue.get("1.001193")
    assert khai_sinh is not None and khai_sinh.detail is not None
    assert khai_sinh.name == "Thủ tục đăng ký khai sinh"
    assert catalogue.get("3.000347").detail is None
    with sqlite3.connect(database) as connection:
        assert dict(connection.execute("SELECT key, value FROM meta"))["captured_at"] == "2026-07-18T09:13:46Z"


def test_import_from_an_archive_replaces_the_database(tmp_path: Path) -> None:
    export = make_export(tmp_path / "export")
    archive = tmp_path / "export.tar.gz"
    with tarfile.open(archive, "w:gz") as handle:
        handle.add(export, arcname="dichvucong")
    database = tmp_path / "procedures.sqlite"
    database.write_text("stale")
    assert write_database(archive, database) == (3, 2)
    assert len(Catalogue.load(database).procedures) == 3


def test_an_export_without_catalogue_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ExportError, match=r"catalog\.jsonl"):
        write_database(tmp_path / "empty", tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()


def test_rows_without_code_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "catalog.jsonl").write_text('{"name": "Thủ tục không mã"}\n', encoding="utf-8")
    with pytest.raises(ExportError, match="no code"):
        read_export(folder)


def test_decomposed_names_are_read_composed() -> None:
    # 91 of the portal's names come in NFD; shown and compared, they must be the composed text.
    rows, _, _ = read_export(DEFAULT_SOURCE)
    decomposed = [row for row in rows if unicodedata.normalize("NFC", row["name"]) != row["name"]]
    assert decomposed
    for row in decomposed:
        procedure = Procedure.from_catalog(row)
        assert procedure.name == " ".join(unicodedata.normalize("NFC", row["name"]).split())
        assert all(
            unicodedata.is_normalized("NFC", text) for text in (*procedure.departments, procedure.promulgated_by)
        )
