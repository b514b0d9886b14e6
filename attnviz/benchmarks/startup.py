"""The server's cold start: from ``streamlit run app.py`` to a health check that answers and a home
page that is served, with an empty ATTNVIZ_HOME."""

from __future__ import annotations

import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from attnviz.benchmarks import server


def cold_start(timeout: float = 120.0) -> dict:
    port = server.free_port()
    home = tempfile.mkdtemp(prefix="attnviz-bench-home-")
    started = time.perf_counter()
    process = subprocess.Popen(
        server.streamlit_command(port),
        cwd=server.PROJECT,
        env=server.server_env(Path(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        healthy = _wait(f"http://127.0.0.1:{port}{server.HEALTH_PATH}", started, timeout)
        page = _wait(f"http://127.0.0.1:{port}/", started, timeout) if healthy is not None else None
    finally:
        server.stop(process)
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
