"""The real app, served by `streamlit run` on 127.0.0.1, driven by Debian's Chromium via Playwright.

Skips with a reason where Chromium or Playwright is missing, except when CI=true:
there a missing browser is a failure, so CI can never pass without running these.

Tests wait for conditions, never for a fixed time: ``wait_idle`` (the server has answered the
browser's last rerun request and the page shows it), a locator or ``expect``, or ``wait_until``
(a condition polled with a deadline). What must NOT change is watched for a bounded time with
``assert_stays``. ``save_screenshot`` writes to test-artifacts/screenshots/ (ignored by git);
``ATTNVIZ_REFRESH_SCREENSHOTS=1`` writes the README's pictures in docs/screenshots/ instead.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from attnviz.benchmarks import server

ROOT = Path(__file__).resolve().parents[2]
# Screenshots go to an ignored folder; ATTNVIZ_REFRESH_SCREENSHOTS=1 writes the README's pictures instead.
ARTIFACT_SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
README_SCREENSHOTS = ROOT / "docs" / "screenshots"
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


_server_logs = itertools.count()


def start_server(home: Path, extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str, Path]:
    """`streamlit run app.py` on a free port; returns (process, base URL, log file)."""
    log = home / f"streamlit-{next(_server_logs)}.log"
    process, base = server.start(home, extra_env, log=log)
    return process, base, log


def wait_healthy(process: subprocess.Popen, base: str, log: Path, timeout_s: float = 90) -> None:
    server.wait_healthy(process, base, timeout_s, log=log)


def stop_server(process: subprocess.Popen) -> None:
    server.stop(process)


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
    watch_runs(context)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


# Installed in every page before the app's own scripts (``add_init_script``): counts, on the
# app's WebSocket, the reruns the browser asks for and the runs the server reports finished, so
# that ``wait_idle`` knows whether the answer to the last action has arrived. The status widget
# alone cannot say so: a rerun asked for a moment ago has not started yet, and a short run never
# shows the widget (it appears after half a second).
RUN_WATCH = """(() => {
  if (window.__attnvizRuns || typeof WebSocket === "undefined") return;
  const runs = (window.__attnvizRuns = { seq: 0, asked: 0, answered: 0, token: null, stable: 0 });
  const bytes = (data) =>
    data instanceof ArrayBuffer ? new Uint8Array(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : null;
  // ForwardMsg.script_finished is field 6, a varint (ScriptFinishedStatus): scan the top-level fields.
  const finishedStatus = (b) => {
    let i = 0;
    const varint = () => {
      let value = 0, shift = 1, byte;
      do { byte = b[i++]; value += (byte & 0x7f) * shift; shift *= 128; } while (byte & 0x80 && i < b.length);
      return value;
    };
    while (i < b.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) { const value = varint(); if (field === 6) return value; }
      else if (wire === 2) { const length = varint(); i += length; }  // not `i += varint()`: i is read first
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return -1;
    }
    return -1;
  };
  const Native = window.WebSocket;
  class Watched extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const b = bytes(event.data);
        const status = b ? finishedStatus(b) : -1;
        // 2 = FINISHED_EARLY_FOR_RERUN: another run follows; 0, 1, 3: this run is over
        if (status >= 0 && status !== 2) runs.answered = ++runs.seq;
      });
    }
    send(data) {
      const b = bytes(data);
      if (b && b[0] === 0x5a) runs.asked = ++runs.seq;  // BackMsg.rerun_script: field 11, bytes
      return super.send(data);
    }
  }
  window.WebSocket = Watched;
})();"""

# True once the server has finished a run after the browser's last rerun request, the page shows
# that run (not running, nothing stale, no placeholder), and all of this has held for three
# animation frames in a row: React commits and Plotly draws within a frame or two of a message.
IDLE = """(token) => {
  const runs = window.__attnvizRuns;
  if (!runs) throw new Error("no run watcher in this page: open it with open_app or the page fixture");
  if (runs.token !== token) { runs.token = token; runs.stable = 0; }
  const app = document.querySelector("[data-testid=stApp]");
  const idle = !!app
    && app.dataset.testConnectionState === "CONNECTED"
    && ["notRunning", "compilationError"].includes(app.dataset.testScriptState)
    && runs.answered >= runs.asked
    && !document.querySelector("[data-testid=stSkeleton], [data-stale=true]");
  runs.stable = idle ? runs.stable + 1 : 0;
  return runs.stable >= 3;
}"""

_idle_calls = itertools.count()


def watch_runs(page_or_context) -> None:
    """Install the rerun counter (``RUN_WATCH``) in a page or a browser context, before it loads the app."""
    page_or_context.add_init_script(RUN_WATCH)


def rerun_asks(page) -> int:
    """A number that grows each time the browser asks the server for a rerun (for ``wait_idle(since=)``)."""
    return page.evaluate("() => window.__attnvizRuns.asked")


def wait_idle(page, since: int | None = None, timeout_ms: int = 120_000) -> None:
    """Wait until Streamlit has answered every rerun the browser asked for and drawn the result.

    ``since``: a ``rerun_asks(page)`` taken before an action whose rerun request leaves late
    (the data editor sends its edits 150 ms after they are made): first wait for that request."""
    if since is not None:
        page.wait_for_function("(n) => window.__attnvizRuns.asked > n", arg=since, timeout=timeout_ms)
    page.wait_for_function(IDLE, arg=f"idle-{next(_idle_calls)}", timeout=timeout_ms)


def wait_until(condition, timeout_s: float, what: str, interval_s: float = 0.2):
    """Poll ``condition()`` until it returns something true and return that; fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")
        time.sleep(interval_s)  # the poll interval, not a wait for anything


def assert_stays(condition, seconds: float, what: str, interval_s: float = 0.2) -> None:
    """Check that ``condition()`` holds all through the next ``seconds``.

    For what must NOT happen (a paused run takes no step): no event says "nothing changed", so the
    test watches for a bounded time, long enough for the page to have redrawn at least once."""
    deadline = time.monotonic() + seconds
    while True:
        assert condition(), what
        if time.monotonic() > deadline:
            return
        time.sleep(interval_s)


def open_app(page, url: str) -> None:
    watch_runs(page)  # harmless when the page's context already has it
    page.goto(url)
    page.wait_for_selector("[data-testid=stApp]")
    page.wait_for_selector("[data-testid=stMainBlockContainer] h1")
    wait_idle(page)


def fill_training_form(page, model_option: str, data_path, values=()) -> None:
    """On the fine-tuning page (Spanish): pick a model from the list, point the data at a file on
    the server, then type ``values`` ((label, value) pairs: sizes, steps) into their fields. After
    each one, wait for the rerun it caused and for the field to show the value given."""
    from playwright.sync_api import expect

    for label, option in (("Modelo", model_option), ("Datos", "Archivo o carpeta en el servidor…")):
        box = page.get_by_role("combobox", name=label, exact=True)
        box.click()
        page.get_by_role("option", name=option).first.click()
        wait_idle(page)
        expect(box).to_have_value(option)
    for label, value in (("Ruta en el servidor", data_path), *values):
        box = page.get_by_label(label, exact=True)
        box.fill(str(value))
        box.press("Enter")
        wait_idle(page)
        expect(box).to_have_value(str(value))


def screenshot_dir() -> Path:
    """test-artifacts/screenshots (ignored by git); docs/screenshots, the README's pictures, when
    ATTNVIZ_REFRESH_SCREENSHOTS=1."""
    return (
        README_SCREENSHOTS if os.environ.get("ATTNVIZ_REFRESH_SCREENSHOTS") == "1" else ARTIFACT_SCREENSHOTS
    )


def save_screenshot(page, name: str) -> Path:
    """A full-length screenshot of the page (Streamlit scrolls inside stMain, so grow the viewport)."""
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = min(
        int(page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")) + 40, 6000
    )
    page.set_viewport_size({"width": size["width"], "height": height})
    # the page has taken the new size, and whatever that made Streamlit redraw is drawn
    page.wait_for_function("(h) => window.innerHeight === h", arg=height)
    wait_idle(page)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def wait_for_plots(page, count: int) -> None:
    """Until at least ``count`` Plotly figures are drawn (their drag layer exists)."""
    page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot .nsewdrag').length >= {count}", timeout=120_000
    )


def assert_no_sideways_scroll(page) -> None:
    """The page's main area is no wider than the window (a phone would scroll sideways)."""
    overflow = page.evaluate(
        "() => document.querySelector('[data-testid=stMain]').scrollWidth - window.innerWidth"
    )
    assert overflow <= 1, f"the page is {overflow} px wider than the screen"


def assert_fits_a_phone(browser, url: str, plots: int, screenshot: str | None = None) -> None:
    """The page at ``url`` on a phone (390 x 844, Spanish), once ``plots`` figures are drawn, is no
    wider than the screen: nothing needs sideways scrolling."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-ES", is_mobile=True)
    try:
        phone = context.new_page()
        open_app(phone, url)
        wait_for_plots(phone, plots)
        assert_no_sideways_scroll(phone)
        if screenshot:
            save_screenshot(phone, screenshot)
    finally:
        context.close()
