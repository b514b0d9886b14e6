"""The server's cold start: from ``streamlit run app.py`` to a health check that answers and a home
page that is served, with an empty ATTNVIZ_HOME."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cold_start(timeout: float = 120.0) -> dict:
    port = free_port()
    home = tempfile.mkdtemp(prefix="attnviz-bench-home-")
    env = {**os.environ, "ATTNVIZ_HOME": home, "HF_HUB_OFFLINE": "1"}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        healthy = _wait(f"http://127.0.0.1:{port}/_stcore/health", started, timeout)
        page = _wait(f"http://127.0.0.1:{port}/", started, timeout) if healthy is not None else None
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
    return {"seconds_to_health": healthy, "seconds_to_home_html": page}


def _wait(url: str, started: float, timeout: float) -> float | None:
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    response.read()
                    return round(time.perf_counter() - started, 2)
        except OSError:
            time.sleep(0.05)
    return None
