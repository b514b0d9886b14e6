"""Cold start: from `streamlit run app.py` to the page drawn in Chromium, with no TensorFlow import.

    python bench/startup.py            # home page and playground, 3 cold starts each

Prints seconds; not a test. Needs Debian's chromium and playwright (requirements-dev.txt).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402

PAGES = {"home": ("/", "h1"), "playground": ("/playground", ".js-plotly-plot .heatmap-label")}


def cold_start(path: str, ready_selector: str) -> tuple[float, float]:
    """Seconds from launching the server to (health OK, page drawn)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as home, sync_playwright() as p:
        t0 = time.perf_counter()
        process, base, _ = start_server(Path(home))
        healthy = time.perf_counter() - t0
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(base + path)
            page.wait_for_selector(ready_selector, timeout=120_000)
            drawn = time.perf_counter() - t0
            browser.close()
        finally:
            process.terminate()
            process.wait(timeout=15)
    return healthy, drawn


def main(repeats: int = 3) -> None:
    print(f"cold start of `streamlit run app.py` (Chromium {CHROMIUM}), {repeats} runs each")
    for name, (path, selector) in PAGES.items():
        runs = [cold_start(path, selector) for _ in range(repeats)]
        healthy = statistics.median(r[0] for r in runs)
        drawn = [r[1] for r in runs]
        print(
            f"  {name:<11} server up {healthy:5.2f} s, page drawn: median {statistics.median(drawn):5.2f} s "
            f"(min {min(drawn):.2f}, max {max(drawn):.2f})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
