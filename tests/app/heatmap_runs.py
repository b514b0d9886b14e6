"""Finished (or running) runs written into a data folder, for the heatmap page's tests."""

import json
import shutil
import time


def add_run(home, name, model_dir, *, state="finished", when=None):
    run = home / "runs" / name
    shutil.copytree(model_dir, run / "model")
    (run / "settings.json").write_text(json.dumps({"model": "tiny-pretrained", "data": "imdb"}))
    stamp = when or time.time()
    (run / "status.json").write_text(
        json.dumps({"state": state, "step": 5, "total_steps": 5, "created_at": stamp, "updated_at": stamp})
    )
