"""``bench``: the numbers behind the README, measured on this machine (see attnviz.benchmarks).

    python -m attnviz bench --quick --json bench.json     # about three minutes
    python -m attnviz bench --json bench.json             # everything: about an hour on 2 cores

Parts: ``machine`` (float32 matmul rate), ``latency`` (model loading, attention extraction),
``startup`` (server cold start), ``load`` (a class of 30 opening pages at once: first-render
p50/p95, health-check answer time, server memory), ``follow`` (a teacher presenting and 30
students following: the polls' server CPU, each student's time to follow to another page),
``translator`` (the tiny dates translator: time to 90 % exact match on 200 held-back dates),
``pretrain`` (a tiny BERT pretrained on rt-polarity: masked-piece accuracy against the unigram
baseline over time, the default against other settings), ``induction`` (the tiny GPT-2: time until
an induction head forms),
``throughput`` (examples/s and peak memory: the course's recipe vs the page's defaults,
DistilBERT-size), ``rt`` and ``imdb`` (time to accuracy on real data from ../shared, against the
alternatives and against the course's recipe written by hand).
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

from attnviz.cli.common import add_home_option, apply_home, import_tensorflow

PARTS = (
    "machine",
    "latency",
    "startup",
    "load",
    "follow",
    "translator",
    "pretrain",
    "induction",
    "throughput",
    "rt",
    "imdb",
)
QUICK_PARTS = ("machine", "latency", "startup", "load", "follow", "throughput", "rt")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="measure speed, memory and time to accuracy on this machine",
        description=__doc__.split("\n\n")[0] + " Numbers are printed and, with --json, written to a file.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a short version (about three minutes): one seed, no alternatives, no IMDB, no course "
        "recipe at 512 tokens",
    )
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="write every number here")
    parser.add_argument(
        "--parts", nargs="+", choices=PARTS, metavar="PART", help=f"only these parts ({', '.join(PARTS)})"
    )
    parser.add_argument(
        "--model",
        metavar="ID_OR_DIR",
        help="the model for latency and time to accuracy (default: ../shared's MiniLM when present, "
        "else DistilBERT's architecture with random weights)",
    )
    parser.add_argument(
        "--tokens",
        type=int,
        nargs="+",
        default=[32, 128],
        metavar="N",
        help="text lengths for attention latency",
    )
    parser.add_argument("--repeat", type=int, default=20, metavar="R", help="latency repetitions")
    parser.add_argument(
        "--clients",
        type=int,
        default=30,
        metavar="N",
        help="browser sessions opening each page at once (load)",
    )
    parser.add_argument(
        "--seeds",
        type=int,
        metavar="S",
        help="seeds of the default on rt-polarity (default: 3, with --quick 1)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        dest="overrides",
        help="measure other settings as the default (e.g. --set train_layers=top-2 "
        "--set learning_rate=4e-4); repeatable",
    )
    add_home_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    apply_home(args.home)
    import_tensorflow()
    from attnviz.benchmarks import machine, shared_data

    parts = args.parts or (QUICK_PARTS if args.quick else PARTS)
    minilm = shared_data.minilm()
    model = args.model or (str(minilm) if minilm else "")
    report: dict = {
        "quick": bool(args.quick),
        "parts": list(parts),
        "overrides": list(args.overrides),
        "host": machine.describe(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    steps = {
        "machine": _machine,
        "latency": _latency,
        "startup": _startup,
        "load": _load,
        "follow": _follow,
        "translator": _translator,
        "pretrain": _pretrain,
        "induction": _induction,
        "throughput": _throughput,
        "rt": _rt_polarity,
        "imdb": _imdb,
    }
    for part in parts:
        started = time.perf_counter()
        _say(f"== {part}")
        report[part] = steps[part](args, model, report)
        report[part]["bench_seconds"] = round(time.perf_counter() - started, 1)
        if args.json:  # written after every part: a long run keeps what it measured
            _write(args.json, report)
    report["targets"] = targets(report)
    for name, target in report["targets"].items():
        verdict = "-" if target["met"] is None else ("met" if target["met"] else "NOT met")
        _say(f"target {name}: {target['value']} ({target['goal']}) {verdict}")
    if args.json:
        _write(args.json, report)
    return 0


def default_settings(args, model: str):
    """The page's default settings, with ``--set`` overrides (typed like the defaults)."""
    from dataclasses import fields

    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.training.settings import TrainSettings

    settings = TrainSettings(model=model)
    types = {f.name: type(getattr(settings, f.name)) for f in fields(settings)}
    for item in args.overrides:
        name, _, text = item.partition("=")
        if name not in types or not text:
            raise NlpError(
                "bad_override", f"--set {item}: expected FIELD=VALUE with a field of TrainSettings."
            )
        kind = types[name]
        value = (
            (text.lower() in ("1", "true", "yes"))
            if kind is bool
            else (kind(text) if kind in (int, float, str) else text)
        )
        settings = replace(settings, **{name: value})
    return settings


def _say(text: str) -> None:
    print(text, flush=True)


def _write(path: Path, report: dict) -> None:
    from attnviz.nlp.training.runs import _jsonable

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_jsonable(report), indent=1), encoding="utf-8")


# --- the parts ---------------------------------------------------------------------------------


def _machine(args, model, report) -> dict:
    from attnviz.benchmarks.machine import matmul_gflops

    result = {"matmul_gflops": round(matmul_gflops(), 1)}
    _say(f"float32 matmul 1024 x 1024: {result['matmul_gflops']} GFLOP/s")
    return result


def _latency(args, model, report) -> dict:
    from attnviz.benchmarks.latency import attention_latency
    from attnviz.benchmarks.shared_data import minilm

    if model:
        result = attention_latency(model, args.tokens, 5 if args.quick else args.repeat)
    else:
        tokenizer = minilm()
        if tokenizer is None:
            return {"skipped": "no model: give --model (the Hub cannot be assumed)"}
        result = attention_latency(
            "scratch:distilbert", args.tokens, 5 if args.quick else args.repeat, tokenizer=str(tokenizer)
        )
    _say(
        f"{result['model']}: load {result['load_seconds']} s, warm-up {result['warm_up_seconds']} s; "
        + ", ".join(f"{n} tokens {result[f'attention_ms_{n}_tokens']} ms" for n in args.tokens)
    )
    return result


def _startup(args, model, report) -> dict:
    from attnviz.benchmarks.startup import cold_start

    result = cold_start()
    _say(
        f"server cold start: health after {result['seconds_to_health']} s, home page after "
        f"{result['seconds_to_home_html']} s"
    )
    return result


def _load(args, model, report) -> dict:
    """Home and playground on a fresh server (TensorFlow not loaded), then the heatmap page with
    the model as its one local model (all visitors share the default example's result)."""
    from attnviz.benchmarks.classroom_load import LONG_TEXTS, class_of

    model_dir = Path(model) if model and Path(model).is_dir() else None
    pages = ("", "playground", "building-blocks") + (("heatmaps", LONG_TEXTS) if model_dir else ())
    return class_of(args.clients, pages, model_dir=model_dir, say=_say)


def _follow(args, model, report) -> dict:
    """A teacher presenting and the class following: the polls' cost, and each student's time to
    follow the teacher to the playground and to the building blocks."""
    import tempfile

    from attnviz.benchmarks import server
    from attnviz.benchmarks.classroom_load import run_load
    from attnviz.benchmarks.follow_load import NEXT_PAGES, follow_load

    result: dict = {}
    with server.running(Path(tempfile.mkdtemp(prefix="attnviz-bench-follow-"))) as (process, base):
        for page in NEXT_PAGES:
            run_load(base, clients=1, page=page, pid=process.pid, timeout_s=300)  # imports, caches
        for page in NEXT_PAGES:
            found = result[page] = follow_load(base, students=args.clients, next_page=page, pid=process.pid)
            _say(
                f"{found['followed']}/{found['students']} students followed the teacher to {page}: "
                f"p50 {found['follow_p50_s']} s, max {found['follow_max_s']} s (2 s polls); server CPU "
                f"while they polled {found['server_cpu_percent_while_polling']} % "
                f"({found['polls_per_second']} polls/s); health check at most {found['health_max_s']} s"
            )
    return result


def _translator(args, model, report) -> dict:
    from attnviz.nlp.tiny_translator import time_to_exact_match

    result = time_to_exact_match(0.9, budget_seconds=120)
    reached = result["reached"]
    _say(
        "tiny translator: "
        + (
            f"{100 * reached['exact_match']:.0f} % exact match after {reached['seconds']} s ({reached['step']} steps)"
            if reached
            else "90 % exact match not reached in 120 s"
        )
        + "; "
        + ", ".join(f"{100 * c['exact_match']:.0f} % at {c['seconds']} s" for c in result["curve"])
    )
    return result


# Pretraining settings that compete (README, "Pretraining a tiny BERT"): the default and alternatives.
PRETRAIN_ALTERNATIVES = {"lr_3e-4": {"learning_rate": 3e-4}, "4_layers": {"layers": 4}}


def _pretrain(args, model, report) -> dict:
    """A tiny BERT pretrained from scratch on rt-polarity's sentences (../shared): held-out top-1
    masked-piece accuracy against the unigram baseline over 180 s, the default and (not --quick)
    the alternatives measured against it."""
    from attnviz.benchmarks.shared_data import rt_polarity
    from attnviz.nlp import tiny_bert as tb

    corpus = rt_polarity()
    if corpus is None:
        return {"skipped": "needs ../shared (rt-polarity)"}
    texts = [text for text, _ in corpus.pool]
    settings = {"default": {}} | ({} if args.quick else PRETRAIN_ALTERNATIVES)
    result: dict = {}
    for name, changes in settings.items():
        found = result[name] = tb.time_to_beat_baseline(
            texts,
            budget_seconds=60.0 if args.quick else 180.0,
            config=replace(tb.TinyBertConfig(), **changes),
        )
        curve = found["curve"]
        _say(
            f"tiny BERT ({name}): unigram baseline {100 * found['unigram_accuracy']:.1f} % "
            f"('{found['unigram_piece']}'); "
            + ", ".join(
                f"{100 * c['accuracy']:.1f} % at {c['seconds']} s (step {c['step']})" for c in curve[1::4]
            )
        )
    return result


def _induction(args, model, report) -> dict:
    from attnviz.nlp.induction import time_to_induction

    result = time_to_induction(budget_seconds=300)
    formed = result["formed"]
    _say(
        "induction head: "
        + (
            f"formed after {formed['seconds']} s ({formed['step']} steps): best score {formed['best_score']} "
            f"(untrained {result['untrained_best_score']}), repeat loss {formed['repeat_loss']} vs first half "
            f"{formed['first_half_loss']}"
            if formed
            else "not formed within 300 s"
        )
    )
    return result


COURSE_THROUGHPUT = {
    "max_length": 512,
    "batch_size": 16,
    "train_layers": "all",
    "keep_dropout": True,
    "head_factor": 1.0,
    "learning_rate": 5e-5,
}


def _throughput(args, model, report) -> dict:
    from attnviz.benchmarks.shared_data import minilm
    from attnviz.benchmarks.throughput import measure_in_subprocess

    tokenizer = minilm()
    if tokenizer is None:
        return {"skipped": "needs ../shared's MiniLM for its vocabulary (DistilBERT's)"}
    defaults = default_settings(args, "")
    configs = {
        "default": {
            "max_length": defaults.max_length,
            "batch_size": defaults.batch_size,
            "train_layers": defaults.train_layers,
            "keep_dropout": defaults.keep_dropout,
        },
        "fastest": {"max_length": 64, "batch_size": 16, "train_layers": "top-2", "keep_dropout": False},
    }
    if not args.quick:
        configs.update(
            {
                "top_2": {**configs["default"], "train_layers": "top-2"},
                "length_96": {**configs["default"], "max_length": 96},
                "course_512_all_layers": COURSE_THROUGHPUT,
            }
        )
    result: dict = {}
    for name, config in configs.items():
        steps = 2 if config["max_length"] >= 512 else (3 if args.quick else 6)
        measured = measure_in_subprocess({**config, "tokenizer": str(tokenizer), "steps": steps})
        result[name] = measured
        _say(
            f"{name} ({config['max_length']} tokens x {config['batch_size']}, {config['train_layers']}): "
            f"{measured['step_seconds']} s/step, {measured['examples_per_second']} examples/s, "
            f"peak {measured['peak_mb']} MB, {measured['training_gflops']} GFLOP/s "
            f"(matmul {measured['matmul_gflops']})"
        )
    course = result.get("course_512_all_layers")
    if course:
        for name in [n for n in configs if n != "course_512_all_layers"]:
            ratio = result[name]["examples_per_second"] / course["examples_per_second"]
            result[f"{name}_speedup_vs_course"] = round(ratio, 1)
            _say(f"{name}: {ratio:.1f}x the course recipe's examples/s")
    result["default_flops_fraction_of_matmul"] = round(
        result["default"]["training_gflops"] / max(1e-9, result["default"]["matmul_gflops"]), 2
    )
    return result


def _alternatives(default):
    """The levers measured against the default, one changed at a time, and the previous defaults."""
    return {
        "previous_defaults": replace(
            default,
            max_length=64,
            truncation="head",
            train_layers="top-2",
            learning_rate=1e-4,
            head_factor=1.0,
            keep_dropout=True,
            group_by_length=False,
        ),
        "head_factor_1": replace(default, head_factor=1.0),
        "with_dropout": replace(default, keep_dropout=True),
        "random_batches": replace(default, group_by_length=False),
        "all_blocks_lr_1e-4": replace(default, train_layers="top-6", learning_rate=1e-4),
        "steps_250": replace(default, steps=250),
    }


def _rt_polarity(args, model, report) -> dict:
    from attnviz.benchmarks import accuracy
    from attnviz.benchmarks.shared_data import rt_polarity
    from attnviz.nlp.training.warm import TrainerPool

    corpus = rt_polarity()
    if corpus is None or not model:
        return {"skipped": "needs ../shared (rt-polarity and the MiniLM checkpoint)"}
    checkpoints = [30.0, 60.0] if args.quick else [15.0, 30.0, 45.0, 60.0, 75.0, 90.0, 120.0, 150.0]
    default = default_settings(args, model)
    pool = TrainerPool()
    result: dict = {"held_out": len(corpus.held_out), "pool": len(corpus.pool), "checkpoints": checkpoints}
    seeds = [42, 1, 2, 3, 4][: max(1, args.seeds or (1 if args.quick else 3))]
    runs = []
    for seed in seeds:
        one = accuracy.time_to_accuracy(
            replace(default, seed=seed), corpus, checkpoints=checkpoints, trainers=pool
        )
        runs.append(one)
        _say(f"default, seed {seed}: " + _curve_text(one))
    result["default"] = accuracy.summarize(runs)
    _say(
        f"default, median of {len(runs)}: accuracy at 60 s {result['default']['accuracy_at_60s']}, "
        f"80 % after {result['default']['seconds_to_80']} s"
    )
    # the cold path: nothing prepared (the command line, or a start before the form was filled in)
    pool.clear()
    cold = accuracy.time_to_accuracy(
        replace(default, seed=seeds[0]), corpus, checkpoints=[10.0], trainers=None
    )
    result["first_step_seconds_cold"] = cold["first_step_seconds"]
    result["first_step_seconds_prepared"] = result["default"]["first_step_seconds"]
    _say(
        f"first step after start: {result['first_step_seconds_prepared']} s prepared, "
        f"{result['first_step_seconds_cold']} s cold"
    )
    if not args.quick:
        result["alternatives"] = {}
        for name, settings in _alternatives(default).items():
            one = accuracy.time_to_accuracy(
                replace(settings, seed=seeds[0]), corpus, checkpoints=checkpoints, trainers=pool
            )
            result["alternatives"][name] = one
            _say(f"{name}: " + _curve_text(one))
    pool.clear()
    return result


def _imdb(args, model, report) -> dict:
    from attnviz.benchmarks import accuracy
    from attnviz.benchmarks.course import course_recipe
    from attnviz.benchmarks.shared_data import imdb_dev
    from attnviz.nlp.training.warm import TrainerPool

    corpus = imdb_dev()
    if corpus is None or not model:
        return {"skipped": "needs ../shared (imdb-dev and the MiniLM checkpoint)"}
    train_rows = 800
    default = default_settings(args, model)
    rows = train_rows + default.validation_size + default.test_size  # the run trains on 800 reviews too
    pool = TrainerPool()
    checkpoints = [30.0, 60.0, 90.0, 120.0, 150.0, 180.0, 240.0]
    ours = accuracy.time_to_accuracy(default, corpus, checkpoints=checkpoints, trainers=pool, train_rows=rows)
    _say("default: " + _curve_text(ours))
    alternatives = {}
    if not args.quick:
        for name, settings in {
            "head_only_truncation": replace(default, truncation="head"),
            "length_96": replace(default, max_length=96),
        }.items():
            alternatives[name] = accuracy.time_to_accuracy(
                settings, corpus, checkpoints=checkpoints, trainers=pool, train_rows=rows
            )
            _say(f"{name}: " + _curve_text(alternatives[name]))
    pool.clear()
    course = course_recipe(model, corpus, train_rows=train_rows)
    _say(
        f"course recipe (pad to 128, all layers, Adam 5e-5, 2 epochs, {train_rows} reviews): "
        + ", ".join(f"epoch {e['epoch']} {e['accuracy']:.3f} at {e['seconds']} s" for e in course["epochs"])
    )
    result = {
        "held_out": len(corpus.held_out),
        "train_reviews": train_rows,
        "default": ours,
        "alternatives": alternatives,
        "course_recipe": course,
    }
    if ours["seconds_to_80"]:
        result["speedup_to_80_vs_course"] = round(course["seconds"] / ours["seconds_to_80"], 2)
    return result


def _curve_text(run: dict) -> str:
    points = ", ".join(f"{p['accuracy']:.3f} at {p['seconds']:.0f} s" for p in run["curve"])
    return (
        f"{points}; 75 % after {run['seconds_to_75']} s, 80 % after {run['seconds_to_80']} s; first step "
        f"{run['first_step_seconds']} s; loss {run['loss_steps_1_5']} -> {run['loss_steps_11_15']} "
        f"(steps 1-5 -> 11-15); probe moved {run['probe_moved_by_step_15']} by step 15"
    )


# --- the targets (README, "Time to accuracy") ------------------------------------------------------


def targets(report: dict) -> dict:
    def get(*path):
        value = report
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value

    def target(value, goal: str, check):
        return {"value": value, "goal": goal, "met": None if value is None else bool(check(value))}

    return {
        "rt_accuracy_at_60s": target(
            get("rt", "default", "accuracy_at_60s"), ">= 0.80 (median of seeds)", lambda v: v >= 0.80
        ),
        "rt_loss_falls_by_step_15": target(
            None
            if get("rt", "default", "loss_steps_11_15") is None
            else round(get("rt", "default", "loss_steps_1_5") - get("rt", "default", "loss_steps_11_15"), 4),
            "loss of steps 11-15 below steps 1-5",
            lambda v: v > 0,
        ),
        "rt_probe_moved_by_step_15": target(
            get("rt", "default", "probe_moved_by_step_15"), ">= 0.1", lambda v: v >= 0.1
        ),
        "first_step_seconds_prepared": target(
            get("rt", "first_step_seconds_prepared"), "<= 8 s", lambda v: v <= 8
        ),
        "imdb_speedup_to_80_vs_course": target(
            get("imdb", "speedup_to_80_vs_course"), ">= 3", lambda v: v >= 3
        ),
        "default_speedup_vs_course_examples": target(
            get("throughput", "default_speedup_vs_course"), ">= 10", lambda v: v >= 10
        ),
        "default_peak_mb": target(get("throughput", "default", "peak_mb"), "< 2048 MB", lambda v: v < 2048),
        "translator_seconds_to_90": target(
            get("translator", "reached", "seconds"), "<= 120 s (200 held-back dates)", lambda v: v <= 120
        ),
        "pretrain_beats_unigram_s": target(
            get("pretrain", "default", "beats_unigram", "seconds"),
            "<= 120 s from start (rt-polarity, held-out masked pieces)",
            lambda v: v <= 120,
        ),
        "induction_head_seconds": target(
            get("induction", "formed", "seconds"),
            "<= 300 s (best score >= 0.4, repeat loss < half)",
            lambda v: v <= 300,
        ),
        "class_playground_p95_s": target(
            get("load", "playground", "first_render_p95_s"), "< 3 s (30 first visits)", lambda v: v < 3
        ),
        "class_health_max_s": target(
            get("load", "playground", "health_max_s"), "< 1 s during the 30 visits", lambda v: v < 1
        ),
        "class_follows_teacher_max_s": target(
            get("follow", "playground", "follow_max_s"), "< 5 s (30 students, 2 s polls)", lambda v: v < 5
        ),
        "class_polling_cpu_percent": target(
            get("follow", "playground", "server_cpu_percent_while_polling"),
            "< 25 % of one core (30 students polling)",
            lambda v: v < 25,
        ),
        "class_playground_rss_mb": target(
            get("load", "playground", "rss_mb_peak"), "< 1200 MB (TensorFlow not loaded)", lambda v: v < 1200
        ),
    }
