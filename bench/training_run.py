"""Time and memory of a whole default run, through the same job the page starts.

The default model (distilbert-base-uncased) cannot be downloaded here, so the run uses the same
architecture with random weights and the same vocabulary (../shared/models/all-MiniLM-L6-v2's
vocab.txt is distilbert-base-uncased's), on rt-polarity sentences joined into review-length texts
(every batch is padded to --max-length, as IMDB reviews are). Everything else is the page's default
settings (attnviz.nlp.training.settings). Streamlit is imported, so the baseline is the app's.

    python bench/training_run.py [--steps 100] [--max-length 64] [--train-layers top-2] [--jit]

Prints the phases' times, the mean step time, validation and test times, and peak RSS (VmHWM).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import MINILM, RT_POLARITY, memory_mb  # noqa: E402


def review_csv(path: Path, count: int) -> Path:
    import csv

    lines = []
    for label, name in (("neg", "rt-polarity.neg"), ("pos", "rt-polarity.pos")):
        texts = (RT_POLARITY / name).read_text(encoding="utf-8").splitlines()
        lines += [(t.strip(), label) for t in texts if t.strip()]
    random.Random(0).shuffle(lines)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        for i in range(count):  # 10 same-label sentences per "review": ~200 words, like IMDB
            label = lines[i][1]
            same = [t for t, lab in lines[i:i + 60] if lab == label][:10]
            writer.writerow([" ".join(same), label])
    return path


def main() -> None:
    from attnviz.nlp.training.settings import TrainSettings

    defaults = TrainSettings()
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=defaults.steps)
    parser.add_argument("--max-length", type=int, default=defaults.max_length)
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--train-layers", default=defaults.train_layers)
    parser.add_argument("--jit", action="store_true", default=defaults.jit_compile)
    args = parser.parse_args()

    import streamlit  # noqa: F401  (the app has it loaded)

    from attnviz.nlp.training.job import TrainingJob
    from attnviz.nlp.training.runs import RunFolder, create_run, read_metrics

    work = Path(tempfile.mkdtemp(prefix="attnviz-bench-"))
    os.environ["ATTNVIZ_HOME"] = str(work / "home")
    data = review_csv(work / "reviews.csv", 3000)
    settings = TrainSettings(
        model=str(MINILM), from_scratch="distilbert", data=str(data),
        steps=args.steps, max_length=args.max_length, batch_size=args.batch_size, train_layers=args.train_layers,
        jit_compile=args.jit, probes=["The movie was wonderful and the actors were great.",
                                      "A boring, long story without any charm."],
    )
    folder: RunFolder = create_run(settings.to_dict(), "bench")
    job = TrainingJob(settings, folder)
    phases, last, started = {}, None, time.time()
    job.start()
    while not job.wait(0.2):
        view = job.view(with_metrics=False)
        key = view.phase or view.state
        if key != last:
            phases[key] = round(time.time() - started, 1)
            last = key
    total = time.time() - started
    view = job.view()
    rows = read_metrics(folder)
    train = [r for r in rows if r["kind"] == "train"]
    seconds = sorted(r["seconds"] for r in train[1:])
    evaluation_times = []
    for i, row in enumerate(rows):
        if row["kind"] in ("val", "test") and i > 0:
            evaluation_times.append((row["kind"], row["step"], round(row["time"] - rows[i - 1]["time"], 1)))
    print(json.dumps({
        "settings": {k: getattr(settings, k) for k in ("max_length", "batch_size", "train_layers", "steps",
                                                        "train_size", "validation_size", "test_size", "jit_compile")},
        "state": view.state, "error": view.error, "total_s": round(total, 1), "phase_started_at_s": phases,
        "first_step_s": round(train[0]["seconds"], 2) if train else None,
        "median_step_s": round(seconds[len(seconds) // 2], 3) if seconds else None,
        "evaluations_s": evaluation_times, "peak_mb": round(memory_mb()["VmHWM"]), "rss_end_mb": round(memory_mb()["VmRSS"]),
        "load_average": os.getloadavg(),
    }, indent=1))


if __name__ == "__main__":
    main()
