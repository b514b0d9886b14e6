"""A real ``streamlit run app.py`` on a free port, for the benchmark and the browser tests: the one
place that knows the command line, the health check and how to stop it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
HEALTH_PATH = "/_stcore/health"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(port: int, script: str = "app.py") -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]


def server_env(home: Path | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        **os.environ,
        **({"ATTNVIZ_HOME": str(home)} if home is not None else {}),
        "HF_HUB_OFFLINE": "1",  # fail fast offline, never hang on the Hub
        "PYTHONUNBUFFERED": "1",
        **(extra or {}),
    }


def wait_healthy(
    process: subprocess.Popen, base: str, timeout_s: float = 90, log: Path | None = None
) -> float:
    """Seconds until the health endpoint answers 200; raises (and stops the server) if it exits
    or does not answer within ``timeout_s``, with its log in the message when there is one."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text() if log else ''}")
        try:
            with urllib.request.urlopen(base + HEALTH_PATH, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"streamlit did not answer within {timeout_s:g} s:\n{log.read_text() if log else ''}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start(
    home: Path | None,
    extra_env: dict[str, str] | None = None,
    *,
    script: str = "app.py",
    log: Path | None = None,
    cwd: Path = PROJECT,
):
    """Start the server (``script`` relative to ``cwd``, the app by default); returns (process,
    base URL) once it answers. Output goes to ``log`` (else nowhere)."""
    port = free_port()
    out = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        streamlit_command(port, script),
        cwd=cwd,
        env=server_env(home, extra_env),
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    wait_healthy(process, base, log=log)
    return process, base


@contextmanager
def running(home: Path, extra_env: dict[str, str] | None = None, **kwargs):
    process, base = start(home, extra_env, **kwargs)
    try:
        yield process, base
    finally:
        stop(process)
