"""The real app, served by `streamlit run` on 127.0.0.1, driven by Debian's Chromium via Playwright.

Skips with a reason where Chromium or Playwright is missing, except when CI=true:
there a missing browser is a failure, so CI can never pass without running these.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("ATTNVIZ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _missing(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser suite must run)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path, extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str, Path]:
    """`streamlit run app.py` on a free port; returns (process, base URL, log file)."""
    port = _free_port()
    log = home / f"streamlit-{port}.log"
    env = {
        **os.environ,
        "ATTNVIZ_HOME": str(home),
        "HF_HUB_OFFLINE": "1",  # no machine here reaches the Hub: fail fast, never hang
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
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
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, base, log
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"streamlit did not answer within 90 s:\n{log.read_text()}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Base URL of a real server running this checkout's app."""
    home = tmp_path_factory.mktemp("attnviz_home")
    process, base, _ = start_server(home)
    yield base
    stop_server(process)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab (its own session) with a Spanish locale, desktop size."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def wait_idle(page, settle_ms: int = 400) -> None:
    """Wait until Streamlit has finished the current run and drawn the result."""
    page.wait_for_timeout(250)  # let a rerun triggered by the last action start
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " && !document.querySelector('[data-testid=stSkeleton]')",
        timeout=120_000,
    )
    page.wait_for_timeout(settle_ms)


def open_app(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid=stApp]")
    page.wait_for_selector("[data-testid=stMainBlockContainer] h1")
    wait_idle(page)


def fill_training_form(page, model_option: str, data_path, values=(), settle_ms: int = 600) -> None:
    """On the fine-tuning page (Spanish): pick a model from the list, point the data at a file on
    the server, then type ``values`` ((label, value) pairs: sizes, steps) into their fields."""
    for label, option in (("Modelo", model_option), ("Datos", "Archivo o carpeta en el servidor…")):
        page.get_by_role("combobox", name=label, exact=True).click()
        page.get_by_role("option", name=option).first.click()
        page.wait_for_timeout(settle_ms)
    for label, value in (("Ruta en el servidor", data_path), *values):
        box = page.get_by_label(label, exact=True)
        box.fill(str(value))
        box.press("Enter")
        page.wait_for_timeout(settle_ms)


def save_screenshot(page, name: str) -> Path:
    """A full-length screenshot of the page (Streamlit scrolls inside stMain, so grow the viewport)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 6000)})
    page.wait_for_timeout(800)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path
