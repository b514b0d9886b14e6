"""Measure the CPU cost of fine-tuning: seconds per step and the process's peak memory.

Builds the default model's architecture (DistilBERT, 66 M parameters) with random weights and the
bert-base-uncased vocabulary (../shared/models/all-MiniLM-L6-v2/vocab.txt is identical to
distilbert-base-uncased's), and trains it with the same code the app uses
(attnviz.nlp.training.model_setup) on rt-polarity sentences joined into review-length texts, so that
every batch is padded to --max-length, as IMDB reviews are. One configuration per process (peak
memory is per process):

    python bench/training_cost.py --max-length 128 --batch-size 16 --train-layers top-2 --steps 12

Prints one JSON line: step time (median after the first, compiling, step), first step, peak RSS
(VmHWM) before and after training. Streamlit is imported too, so the baseline is the app's.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import MINILM, RT_POLARITY, memory_mb  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", default="distilbert")
    parser.add_argument("--layers", type=int, default=0, help="0: the architecture's default")
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--train-layers", default="top-2")
    parser.add_argument("--no-jit", action="store_true")
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--short", action="store_true", help="single sentences (dynamic lengths) instead of full-length texts")
    parser.add_argument("--model", help="a model folder instead of a from-scratch model")
    args = parser.parse_args()

    import streamlit  # noqa: F401  (the app has it loaded)
    import tensorflow as tf

    from attnviz.nlp.training import model_setup
    from attnviz.nlp.training.settings import TrainLayers

    if args.threads:
        os.environ["ATTNVIZ_TF_THREADS"] = str(args.threads)
    threads = model_setup.limit_tf_threads()
    import datasets

    from attnviz.nlp.loading import build_from_scratch, load_classifier

    tokenizer_dir = MINILM
    if args.model:
        loaded = load_classifier(args.model, num_labels=2)
    else:
        overrides = {}
        if args.layers:
            overrides = {"n_layers" if args.arch == "distilbert" else "num_hidden_layers": args.layers}
        loaded = build_from_scratch(args.arch, tokenizer_dir, num_labels=2, seed=0, **overrides)
    rss_loaded = memory_mb()["VmRSS"]
    lines = []
    for label, name in ((0, "rt-polarity.neg"), (1, "rt-polarity.pos")):
        texts = (RT_POLARITY / name).read_text(encoding="utf-8").splitlines()
        lines += [(t.strip(), label) for t in texts if t.strip()]
    import random

    random.Random(0).shuffle(lines)
    n = args.batch_size * (args.steps + 2)
    if args.short:
        texts = [t for t, _ in lines[:n]]
    else:  # review-length texts: 12 sentences each, far beyond --max-length tokens
        texts = [" ".join(t for t, _ in lines[i * 12:(i + 1) * 12]) for i in range(n)]
    labels = [lab for _, lab in lines[:n]]
    split = datasets.Dataset.from_dict({"text": texts, "label": labels})
    split = split.map(lambda b: loaded.tokenizer(b["text"], truncation=True, max_length=args.max_length),
                      batched=True)
    spec = TrainLayers.parse(args.train_layers)
    trainable, total = model_setup.apply_train_layers(loaded.model, spec)
    schedule = model_setup.make_schedule(5e-5, args.steps, 0)
    model_setup.compile_model(loaded.model, schedule, jit_compile=not args.no_jit)
    data = model_setup.batches(split, loaded.tokenizer, args.batch_size, args.max_length, shuffle=True,
                               repeat=True, drop_remainder=True)

    times = []

    class Timer(tf.keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            self.t0 = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            times.append(time.perf_counter() - self.t0)

    started = time.perf_counter()
    loaded.model.fit(data, epochs=1, steps_per_epoch=args.steps, verbose=0, callbacks=[Timer()])
    wall = time.perf_counter() - started
    result = {
        "arch": args.arch if not args.model else Path(args.model).name, "layers": loaded.num_layers,
        "max_length": args.max_length, "batch_size": args.batch_size, "train_layers": str(spec),
        "jit": not args.no_jit, "threads": threads["intra"], "short": args.short,
        "trainable_M": round(trainable / 1e6, 2), "total_M": round(total / 1e6, 2),
        "first_step_s": round(times[0], 2),
        "step_s": round(statistics.median(times[1:]), 3) if len(times) > 1 else None,
        "steps": len(times), "wall_s": round(wall, 1),
        "rss_loaded_mb": round(rss_loaded), "peak_mb": round(memory_mb()["VmHWM"]),
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
