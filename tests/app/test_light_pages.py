"""The home page, the playground and the building blocks start without TensorFlow (a cold start in
a few seconds). Checked in a fresh interpreter: in this one, other tests may have loaded it already."""

import json
import subprocess
import sys
from pathlib import Path

from tests.app.apptest_helpers import tr

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=120)
at.run()
seen = {"home": at.title[0].value if at.title else None, "errors": [str(e.value) for e in at.exception]}
for page in ("app_pages/playground.py", "app_pages/building_blocks.py"):
    at.switch_page(page).run()
    seen[page] = at.title[0].value if at.title else None
    seen["errors"] += [str(e.value) for e in at.exception]
seen["heavy"] = sorted(m for m in ("tensorflow", "transformers", "datasets", "tf_keras") if m in sys.modules)
print(json.dumps(seen))
"""


def test_light_pages_never_import_tensorflow():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["errors"] == []
    assert seen["home"] == tr("home.title")
    assert seen["app_pages/playground.py"] == tr("playground.title")
    assert seen["app_pages/building_blocks.py"] == tr("blocks.title")
    assert seen["heavy"] == [], f"these pages imported {seen['heavy']}"
