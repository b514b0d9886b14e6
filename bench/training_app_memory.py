"""Peak memory of the whole app process while it fine-tunes with the page's default settings.

Starts the real server (``streamlit run app.py``) with its own ATTNVIZ_HOME holding a
DistilBERT-size model (random weights, distilbert-base-uncased's vocabulary from
../shared/models/all-MiniLM-L6-v2) and review-length texts made of rt-polarity sentences; opens the
fine-tuning page in Chromium, keeps every default but the model, the data and --steps, starts the
run, and samples the server's VmRSS / VmHWM (/proc/PID/status) until the run ends.

    python bench/training_app_memory.py [--steps 40] [--watchers 3]

``--watchers``: extra browser tabs watching the live run (each re-runs the page's fragments every
two seconds), as students would.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import MINILM, ROOT, memory_mb, review_csv


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--watchers", type=int, default=3)
    args = parser.parse_args()

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, fill_training_form, start_server

    work = Path(tempfile.mkdtemp(prefix="attnviz-appmem-"))
    home = work / "home"
    (home / "models").mkdir(parents=True)
    import subprocess

    # build and save the model in a child process, so this process stays small
    model_folder = home / "models" / "distilbert-size"
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from attnviz.nlp.loading import build_from_scratch, save_model\n"
        f"m = build_from_scratch('distilbert', {str(MINILM)!r}, num_labels=2, seed=0)\n"
        f"save_model(m, {str(model_folder)!r})\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    data = review_csv(work / "reviews.csv", 3000)
    process, base, _log = start_server(home)
    samples = []
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES").new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{base}/fine-tuning")
            page.get_by_text("Todavía no hay ninguna ejecución").wait_for()
            idle = memory_mb(process.pid)
            fill_training_form(
                page, "distilbert-size · carpeta local", data, (("Pasos", args.steps),), settle_ms=800
            )
            estimate = page.locator("[data-testid=stProgress]").first.inner_text()
            page.get_by_role("button", name="Empezar a entrenar").click()
            started = time.time()
            watchers = []
            for _ in range(args.watchers):
                tab = browser.new_context(viewport={"width": 1200, "height": 900}, locale="es-ES").new_page()
                tab.goto(f"{base}/fine-tuning")
                watchers.append(tab)
            while time.time() - started < 1800:
                samples.append((round(time.time() - started, 1), memory_mb(process.pid)))
                text = page.locator("[data-testid=stMain]").inner_text()
                if "Terminada." in text or "con error" in text:
                    break
                page.wait_for_timeout(2000)
            final = page.locator("[data-testid=stMain]").inner_text()
            browser.close()
    finally:
        process.terminate()
    peak = max(s[1]["VmHWM"] for s in samples)
    print(
        json.dumps(
            {
                "steps": args.steps,
                "watchers": args.watchers,
                "estimate_shown": estimate,
                "server_idle_on_page_mb": round(idle["VmRSS"]),
                "server_peak_mb": round(peak),
                "server_rss_end_mb": round(samples[-1][1]["VmRSS"]),
                "seconds": round(time.time() - started),
                "finished": "Terminada." in final,
                "load_average": os.getloadavg(),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
