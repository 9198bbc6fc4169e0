"""A throwaway Redis server for tests: redis-server in a temporary folder, on a free port, nothing persisted.

The app's venv has no Redis client (only Rasa's venv does), so the few commands the tests send go over
a minimal RESP client on a socket.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any


class RedisError(Exception):
    """An error reply (`-ERR ...`) from Redis."""


class RedisConnection:
    """One connection speaking RESP2: enough for commands and for reading a subscription's messages."""

    def __init__(self, port: int, timeout: float = 5.0) -> None:
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.stream = self.socket.makefile("rb")

    def command(self, *args: str) -> Any:
        self.send(*args)
        return self.reply()

    def send(self, *args: str) -> None:
        encoded = [arg.encode() for arg in args]
        self.socket.sendall(
            f"*{len(encoded)}\r\n".encode() + b"".join(b"$%d\r\n%s\r\n" % (len(arg), arg) for arg in encoded)
        )

    def reply(self) -> Any:
        """The next reply, decoded: str, int, None, list, or RedisError raised."""
        line = self.stream.readline()
        if not line:
            raise ConnectionError("Redis closed the connection")
        kind, rest = line[:1], line[1:-2].decode()
        if kind == b"+":
            return rest
        if kind == b"-":
            raise RedisError(rest)
        if kind == b":":
            return int(rest)
        if kind == b"$":
            return None if rest == "-1" else self.stream.read(int(rest) + 2)[:-2].decode()
        if kind == b"*":
            return None if rest == "-1" else [self.reply() for _ in range(int(rest))]
        raise ConnectionError(f"not a RESP reply: {line!r}")

    def close(self) -> None:
        self.stream.close()
        self.socket.close()

    def __enter__(self) -> RedisConnection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


class ThrowawayRedis:
    """Like tests/postgres.py for PostgreSQL: a real server the test owns, so it can watch what Rasa does."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="redis-"))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    def start(self) -> None:
        with (self.folder / "log").open("wb") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 15
        while True:
            try:
                self.command("PING")
                return
            except (OSError, RedisError):  # refused before it listens, LOADING while it starts
                if self.process.poll() is not None:
                    raise RuntimeError(f"redis-server exited: {(self.folder / 'log').read_text()}") from None
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def connect(self) -> RedisConnection:
        return RedisConnection(self.port)

    def command(self, *args: str) -> Any:
        """One command on a connection of its own."""
        with self.connect() as connection:
            return connection.command(*args)
