"""Start the Procfile's processes on the embedded default, wait until they answer, stop them together.

`make run` and the end-to-end tests both use this, so the stack the tests
exercise is the one a province runs.
"""

from __future__ import annotations

import os
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
VAR = PROJECT / "var"


def defaults(var: Path = VAR) -> dict[str, str]:
    """The embedded default: SQLite under var/, in-memory lock store, local ports."""
    return {
        "RASA_PORT": "5005",
        "ACTION_PORT": "5055",
        "GATEWAY_PORT": "8080",
        "GATEWAY_HOST": "127.0.0.1",
        "CONSOLE_PORT": "8000",
        "CONSOLE_HOST": "127.0.0.1",
        "RASA_MODEL": str(PROJECT / "models"),
        "TRACKER_DB_DIALECT": "sqlite",
        "TRACKER_DB_URL": f"sqlite:///{var / 'tracker.sqlite'}",
        # endpoints.yml names every LOCK_STORE_* variable and Rasa refuses unset ones,
        # so the Redis settings need values even while in_memory ignores them.
        "LOCK_STORE_TYPE": "in_memory",
        "LOCK_STORE_HOST": "127.0.0.1",
        "LOCK_STORE_PORT": "6379",
        "LOCK_STORE_DB": "1",
        "LOCK_STORE_PASSWORD": "",
        "LOCK_STORE_KEY_PREFIX": "",
        "FEEDBACK_DB_URL": f"sqlite:///{var / 'feedback.sqlite'}",
        "PROCEDURES_DB": str(var / "procedures.sqlite"),
    }


def auth_token(var: Path = VAR) -> str:
    """RASA_AUTH_TOKEN, or one generated once into var/rasa_auth_token."""
    if os.environ.get("RASA_AUTH_TOKEN"):
        return os.environ["RASA_AUTH_TOKEN"]
    path = var / "rasa_auth_token"
    if not path.exists():
        var.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def environment(overrides: Mapping[str, str] | None = None, var: Path = VAR) -> dict[str, str]:
    env = {**defaults(var), **os.environ, **(overrides or {})}
    env.setdefault("RASA_AUTH_TOKEN", auth_token(var))
    env["ACTION_SERVER_URL"] = env.get("ACTION_SERVER_URL") or f"http://127.0.0.1:{env['ACTION_PORT']}/webhook"
    env["RASA_URL"] = env.get("RASA_URL") or f"http://127.0.0.1:{env['RASA_PORT']}"
    env.setdefault("PUBLIC_WEB_CHAT_URL", f"http://{env['GATEWAY_HOST']}:{env['GATEWAY_PORT']}")
    env.setdefault("VAR_DIR", str(var))
    env["PYTHONPATH"] = str(PROJECT)
    return env


def procfile(path: Path = PROJECT / "Procfile") -> dict[str, str]:
    entries = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = command.strip()
    return entries


def health_urls(env: Mapping[str, str]) -> dict[str, str]:
    return {
        "rasa": f"http://127.0.0.1:{env['RASA_PORT']}/",
        "actions": f"http://127.0.0.1:{env['ACTION_PORT']}/health",
        "gateway": f"http://127.0.0.1:{env['GATEWAY_PORT']}/health",
        "console": f"http://127.0.0.1:{env['CONSOLE_PORT']}/health",
    }


class Stack:
    def __init__(self, env: dict[str, str], only: list[str] | None = None, log: Path | None = None) -> None:
        self.env = env
        self.names = only or list(procfile())
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.log = log

    def start(self, timeout: float = 240.0) -> None:
        commands = procfile()
        for name in self.names:
            argv = [_expand(part, self.env) for part in shlex.split(commands[name])]
            process = subprocess.Popen(
                argv,
                cwd=PROJECT,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.processes[name] = process
            threading.Thread(target=self._relay, args=(name, process), daemon=True).start()
        self.wait_healthy(timeout)

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pending = {name: url for name, url in health_urls(self.env).items() if name in self.processes}
        while pending:
            for name, url in list(pending.items()):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited with {self.processes[name].returncode} before it was ready")
                if _answers(url):
                    del pending[name]
            if time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout:.0f}s: {', '.join(pending)}")
            time.sleep(0.5)

    def stop(self, name: str | None = None) -> None:
        for key in [name] if name else list(self.processes):
            process = self.processes.pop(key, None)
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()

    def _relay(self, name: str, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        sink = self.log.open("ab") if self.log else None
        for line in process.stdout:
            if sink:
                sink.write(f"{name:>8} | ".encode() + line)
                sink.flush()
            else:
                sys.stdout.write(f"{name:>8} | {line.decode(errors='replace')}")
                sys.stdout.flush()


def _expand(part: str, env: Mapping[str, str]) -> str:
    for key, value in env.items():
        part = part.replace("${" + key + "}", value)
    return part


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def main() -> None:
    # A plain `kill` must stop the children too, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    env = environment()
    stack = Stack(env)
    try:
        stack.start()
        token_source = "RASA_AUTH_TOKEN" if os.environ.get("RASA_AUTH_TOKEN") else VAR / "rasa_auth_token"
        print(
            f"\nReady. Chat in a browser at http://{env['GATEWAY_HOST']}:{env['GATEWAY_PORT']}/ "
            f"(API: POST /api/chat). Rasa API on :{env['RASA_PORT']} with the token in {token_source}. "
            f"Console and transactions API on :{env['CONSOLE_PORT']}. "
            "Ctrl-C stops everything.\n",
            flush=True,
        )
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        print("A process stopped; stopping the others.", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
