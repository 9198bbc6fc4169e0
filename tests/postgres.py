"""A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, on a free port."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


class ThrowawayPostgres:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pg-"))
        self.data = self.folder / "data"
        self.bin = self.binaries() or Path("/usr/bin")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        # PostgreSQL refuses to run as root: run it as the postgres user, in a folder it owns.
        self.user_prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.user_prefix:
            shutil.chown(self.folder, "postgres", "postgres")

    @staticmethod
    def binaries() -> Path | None:
        """Where initdb and pg_ctl are: on PATH, or in Debian's versioned folder."""
        on_path = shutil.which("initdb")
        if on_path:
            return Path(on_path).parent
        debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        return Path(debian[-1]).parent if debian else None

    @classmethod
    def available(cls) -> bool:
        return cls.binaries() is not None

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-o",
            f"-p {self.port} -k {self.folder} -h 127.0.0.1 -F",
            "-w",
            "start",
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.admin_dsn, autocommit=True).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        subprocess.run(
            [*self.user_prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"], check=False
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self, name: str) -> str:
        """A fresh, empty database; returns its SQLAlchemy URL."""
        with psycopg.connect(self.admin_dsn, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *argv: str) -> None:
        subprocess.run([*self.user_prefix, *argv], check=True, capture_output=True, cwd=self.folder)
