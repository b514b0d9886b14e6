"""``train``: fine-tune a classifier and write the run folder the page writes (and can replay)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from attnviz.cli.common import (
    add_data_option,
    add_home_option,
    add_model_option,
    apply_home,
    import_tensorflow,
)


def register(subparsers) -> None:
    from attnviz.nlp.training import settings as defaults

    parser = subparsers.add_parser(
        "train",
        help="fine-tune a classifier; writes a run folder the app can replay",
        description=(
            "Fine-tune a sequence classifier with Keras fit (as the course does) and write a run folder: "
            "settings.json, status.json, metrics.jsonl, probes/, evaluation.json and model/ (save_pretrained "
            "format with its tokenizer). The app lists runs under ATTNVIZ_HOME/runs; zip a folder made "
            "elsewhere and import it on the page. Ctrl-C stops after the current batch and still saves "
            "(a second Ctrl-C skips the final evaluation)."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_model_option(parser)
    add_data_option(parser)
    parser.set_defaults(
        model=defaults.DEFAULT_MODEL, data=defaults.DEFAULT_DATA
    )  # shown once, by the formatter
    parser.add_argument(
        "--max-length",
        type=int,
        default=defaults.DEFAULT_MAX_LENGTH,
        metavar="N",
        help="tokens kept per text",
    )
    parser.add_argument(
        "--truncation",
        choices=defaults.TRUNCATIONS,
        default=defaults.DEFAULT_TRUNCATION,
        help="what a longer text keeps: its beginning and end, or its beginning",
    )
    parser.add_argument("--batch-size", type=int, default=defaults.DEFAULT_BATCH_SIZE, metavar="B")
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=int, metavar="E", help="passes over the training subset")
    length.add_argument(
        "--steps",
        type=int,
        metavar="S",
        help=f"batches to train on (default: {defaults.DEFAULT_STEPS} when no --epochs)",
    )
    parser.add_argument(
        "--train-layers",
        default=defaults.DEFAULT_TRAIN_LAYERS,
        metavar="all|top-K|classifier",
        help="which layers train (the classifier head always does)",
    )
    parser.add_argument(
        "--probe",
        action="append",
        default=[],
        metavar="TEXT",
        help="a probe sentence whose attention is recorded every --probe-every steps; repeatable",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="RUN_DIR",
        help="the run folder to create (default: a new folder under ATTNVIZ_HOME/runs)",
    )
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=defaults.DEFAULT_LEARNING_RATE,
        metavar="LR",
        help="the pretrained blocks' peak rate (warm-up over 10%% of the steps, then linear decay)",
    )
    parser.add_argument(
        "--head-factor",
        type=float,
        default=defaults.DEFAULT_HEAD_FACTOR,
        metavar="X",
        help="the new classification head learns X times faster than the blocks",
    )
    parser.add_argument(
        "--keep-dropout",
        action="store_true",
        help="train with the model's dropout (off by default: short runs learn faster without)",
    )
    parser.add_argument(
        "--no-group-by-length",
        dest="group_by_length",
        action="store_false",
        help="random batches instead of batches of similar lengths (more padding)",
    )
    parser.add_argument("--train-size", type=int, default=defaults.DEFAULT_TRAIN_SIZE, metavar="N")
    parser.add_argument("--validation-size", type=int, default=defaults.DEFAULT_VALIDATION_SIZE, metavar="N")
    parser.add_argument("--test-size", type=int, default=defaults.DEFAULT_TEST_SIZE, metavar="N")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--from-scratch",
        choices=defaults.ARCHITECTURES,
        metavar="ARCH",
        help="random weights of this architecture, with --model's tokenizer",
    )
    parser.add_argument(
        "--scratch-layers", type=int, default=0, metavar="N", help="layers of a --from-scratch model"
    )
    parser.add_argument("--text-column", default="", help="the text column of a table (default: guessed)")
    parser.add_argument("--label-column", default="", help="the label column of a table (default: guessed)")
    parser.add_argument("--probe-every", type=int, default=defaults.TrainSettings.probe_every, metavar="N")
    parser.add_argument("--eval-every", type=int, default=50, metavar="N", help="validation every N steps")
    parser.add_argument(
        "--checkpoint-every",
        type=int,
        default=0,
        metavar="N",
        help="save the model every N steps (0: at the end, when stopped, or after an error)",
    )
    parser.add_argument(
        "--jit", action=argparse.BooleanOptionalAction, default=False, help="jit_compile (XLA)"
    )
    parser.add_argument(
        "--ignore-budget",
        action="store_true",
        help="train even when the estimated peak memory is over ATTNVIZ_MEMORY_BUDGET_MB",
    )
    add_home_option(parser)
    parser.set_defaults(run=run)


def settings_from_args(args):
    from attnviz.nlp.training.settings import DEFAULT_STEPS, TrainSettings

    steps = None if args.epochs else (DEFAULT_STEPS if args.steps is None else args.steps)
    return TrainSettings(
        model=args.model,
        data=args.data,
        from_scratch=args.from_scratch or "",
        scratch_layers=args.scratch_layers,
        text_column=args.text_column,
        label_column=args.label_column,
        train_size=args.train_size,
        validation_size=args.validation_size,
        test_size=args.test_size,
        max_length=args.max_length,
        truncation=args.truncation,
        batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        head_factor=args.head_factor,
        steps=steps,
        epochs=args.epochs,
        train_layers=args.train_layers,
        keep_dropout=args.keep_dropout,
        group_by_length=args.group_by_length,
        seed=args.seed,
        probes=list(args.probe),
        probe_every=args.probe_every,
        eval_every=args.eval_every,
        checkpoint_every=args.checkpoint_every,
        jit_compile=args.jit,
    )


def run(args) -> int:
    apply_home(args.home)
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.training import runs
    from attnviz.nlp.training.cost import model_shape
    from attnviz.nlp.training.settings import local_model_folder, preflight, validate

    settings = settings_from_args(args)
    if args.steps is not None and args.steps < 1:
        raise NlpError("bad_steps", f"--steps must be at least 1, not {args.steps}.")
    problems = validate(settings, model_shape(settings, local_model_folder(args.model)))
    if args.ignore_budget:
        problems = [p for p in problems if p.code != "over_memory"]
    if problems:
        raise NlpError(problems[0].code, "; ".join(p.text("en") for p in problems))
    preflight(settings)
    import os

    os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")  # tokenising prints a bar per split
    folder = runs.create_run(settings.to_dict(), root=None, path=args.out, name="")
    print(f"run folder: {folder.path}", file=sys.stderr)
    import_tensorflow()
    from attnviz.nlp.training.job import TrainingJob, run_in_foreground

    bar = TrainingProgress()
    view = run_in_foreground(TrainingJob(settings, folder), bar)
    bar.done()
    evaluation = runs.read_json(folder.evaluation, None)
    if view.state == runs.FAILED:
        error = view.error or {}
        print(
            f"error: {error.get('message', 'training failed')} ({_what_was_kept(folder, view)})",
            file=sys.stderr,
        )
        return 1
    summary = f"{view.state} after {view.step} of {view.total_steps} steps"
    if evaluation:
        summary += f"; test accuracy {evaluation['accuracy']:.4f} on {evaluation['count']} examples"
    print(f"{summary}; run folder {folder.path}")
    return 130 if view.state == runs.STOPPED else 0


def _what_was_kept(folder, view) -> str:
    """The truth about a failed run's folder: a checkpoint, metrics of the steps that ran, or
    nothing but the error (a run that failed before its first step, e.g. on unreadable data)."""
    if (folder.model / "config.json").is_file():
        return f"metrics and last checkpoint kept in {folder.path}"
    if view.step > 0:
        return f"metrics of {view.step} steps kept in {folder.path}; no checkpoint was saved"
    return f"nothing was trained; the error is in {folder.path / 'error.log'}"


class TrainingProgress:
    """One progress line on stderr (redrawn on a terminal; a line every 10 % otherwise)."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.last_tenth = -1
        self.last_phase = ""
        self.drawn = False
        self.last_draw = 0.0
        self.last_step = -1

    def __call__(self, view) -> None:
        if view.state == "preparing" and view.phase != self.last_phase:
            self.last_phase = view.phase
            self._line(f"preparing: {view.phase}")
            return
        if not view.total_steps or view.state in ("queued", "preparing") or self.last_step == view.step:
            return
        self.last_step = view.step
        fraction = view.step / view.total_steps
        width = 28
        filled = int(round(width * fraction))
        eta = f"{view.eta:.0f} s" if view.eta is not None else "?"
        train = [m for m in view.metrics[-20:] if m.get("kind") == "train" and m.get("loss") is not None]
        val = [m for m in view.metrics if m.get("kind") == "val"]
        loss = f"{sum(m['loss'] for m in train) / len(train):.3f}" if train else "-"
        text = (
            f"[{'#' * filled}{'.' * (width - filled)}] {view.step}/{view.total_steps} "
            f"loss {loss}"
            + (f" · val acc {val[-1]['accuracy']:.3f}" if val else "")
            + f" · {view.elapsed:.0f} s · ETA {eta}"
        )
        if self.stream.isatty():
            if time.time() - self.last_draw > 0.2 or view.step == view.total_steps:
                self.stream.write("\r" + text[:110].ljust(110))
                self.stream.flush()
                self.drawn = True
                self.last_draw = time.time()
        elif int(fraction * 10) > self.last_tenth:  # also the line at 100 %, once
            self.last_tenth = int(fraction * 10)
            print(text, file=self.stream)

    def _line(self, text: str) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.drawn = False
        print(text, file=self.stream)

    def done(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.drawn = False
