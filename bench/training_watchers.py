"""What watching a live run costs the server: its CPU while N browser tabs watch a paused run.

Starts the real server with a tiny model, starts a long run from the fine-tuning page, lets it train
a few hundred steps (so there are charts and probe snapshots), pauses it, then opens N tabs on the
page and measures the server process's CPU over 20 s (all threads, including the short-lived ones
that run each fragment). Each tab re-runs the live fragments every few seconds.

    python bench/training_watchers.py [--tabs 1 3 6] [--env STREAMLIT_RUNNER_POST_SCRIPT_GC=true]

With Streamlit's default ``runner.postScriptGC = true`` (a full garbage collection after every
script run, ~0.2 s with TensorFlow loaded) 3 tabs cost ~50 % of a core; with the project's
``.streamlit/config.toml`` (false), ~2-5 %.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import cpu_seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tabs", type=int, nargs="+", default=[1, 3, 6])
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="extra server environment"
    )
    args = parser.parse_args()

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, fill_training_form, start_server
    from tests.helpers.tiny_models import make_tiny_classifier_dir
    from tests.training.conftest import sentiment_rows, write_csv

    home = Path(tempfile.mkdtemp(prefix="attnviz-watchers-")) / "home"
    make_tiny_classifier_dir(home / "models", "distilbert", name="tiny-distilbert")
    data = write_csv(home.parent / "reviews.csv", sentiment_rows(160))
    process, base, _ = start_server(home, dict(item.split("=", 1) for item in args.env))
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES").new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{base}/fine-tuning")
            page.get_by_text("Todavía no hay ninguna ejecución").wait_for()
            fill_training_form(
                page,
                "tiny-distilbert · carpeta local",
                data,
                (("Ejemplos de entrenamiento", 96), ("Validación", 24), ("Prueba", 24), ("Pasos", 100000)),
            )
            page.get_by_role("button", name="Empezar a entrenar").click()
            page.get_by_role("button", name="Pausar").wait_for()
            page.wait_for_timeout(15_000)
            page.get_by_role("button", name="Pausar").click()
            page.get_by_role("button", name="Continuar").wait_for()
            page.goto("about:blank")
            time.sleep(3)
            start, t0 = cpu_seconds(process.pid), time.time()
            time.sleep(10)
            print(
                f"no tab: server CPU {100 * (cpu_seconds(process.pid) - start) / (time.time() - t0):.0f} % of a core"
            )
            for count in args.tabs:
                tabs = []
                for _ in range(count):
                    tab = browser.new_context(
                        viewport={"width": 1200, "height": 900}, locale="es-ES"
                    ).new_page()
                    tab.goto(f"{base}/fine-tuning")
                    tabs.append(tab)
                time.sleep(10)
                start, t0 = cpu_seconds(process.pid), time.time()
                tabs[0].wait_for_timeout(20_000)
                share = 100 * (cpu_seconds(process.pid) - start) / (time.time() - t0)
                print(f"{count} tab(s) watching: server CPU {share:.0f} % of a core", flush=True)
                for tab in tabs:
                    tab.context.close()
            browser.close()
    finally:
        process.terminate()


if __name__ == "__main__":
    main()
