"""``evaluate``: accuracy, per-class metrics and the confusion matrix of a classifier on a data set."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from attnviz.cli.common import (
    add_data_option,
    add_home_option,
    add_model_option,
    apply_home,
    import_tensorflow,
)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="accuracy, per-class precision / recall / F1 and the confusion matrix, as JSON",
        description=(
            "Evaluate a classifier (e.g. RUN_DIR/model from 'train') on labelled data. When the model "
            "sits in a run folder and --data is the run's own data, the run's seed and split sizes are "
            "used, so the test split is the one held out during training; any other data is evaluated "
            "whole (--size draws a stratified sample). Labels are matched by name."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_model_option(parser)
    add_data_option(parser)
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="write the result here")
    parser.add_argument("--split", choices=("test", "validation", "train"), default="test")
    parser.add_argument(
        "--max-length", type=int, metavar="N", help="tokens kept (default: the run's, else 256)"
    )
    parser.add_argument("--batch-size", type=int, default=32, metavar="B")
    parser.add_argument(
        "--size",
        type=int,
        metavar="N",
        help="examples to evaluate (default: the run's size for the split on its own data, "
        "every row of any other data)",
    )
    parser.add_argument("--seed", type=int, help="split seed (default: the run's, else 42)")
    add_home_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    apply_home(args.home)
    from attnviz.nlp.errors import DataError, NlpError
    from attnviz.nlp.training import runs

    if not args.model or not args.data:
        raise NlpError("missing_option", "evaluate needs --model and --data.")
    if args.batch_size < 1:
        raise NlpError("bad_batch_size", f"--batch-size must be at least 1, not {args.batch_size}.")
    if args.size is not None and args.size < 1:
        raise NlpError("bad_size", f"--size must be at least 1, not {args.size}.")
    run_settings = _run_settings(args.model)
    seed = args.seed if args.seed is not None else int(run_settings.get("seed", 42))
    max_length = args.max_length or int(run_settings.get("max_length", 256))
    truncation = str(run_settings.get("truncation") or "head") if run_settings else "head_tail"
    if max_length < 2:
        raise NlpError("bad_length", f"--max-length must be at least 2, not {max_length}.")
    from attnviz.nlp.data import load_data
    from attnviz.nlp.splits import SplitSizes

    # The run's own data: its held-out split, drawn as in training. Any other data: all of it.
    own_data = bool(run_settings) and _same_source(run_settings.get("data", ""), args.data)
    columns = (
        dict(
            text_column=run_settings.get("text_column") or None,
            label_column=run_settings.get("label_column") or None,
        )
        if own_data
        else {}
    )
    if own_data:
        sizes = {
            "train": run_settings.get("train_size"),
            "validation": run_settings.get("validation_size", 0.1),
            "test": run_settings.get("test_size", 0.1),
        }
        if args.size:
            sizes[args.split] = args.size
        split = load_data(args.data, sizes=SplitSizes(**sizes), seed=seed, **columns)[args.split]
        used = f"the run's {args.split} split ({len(split)} examples, seed {seed})"
    else:
        split = load_data(args.data, sizes=SplitSizes(train=args.size, validation=0, test=0), seed=seed)[
            "train"
        ]
        used = (
            f"{len(split)} examples drawn from {args.data} (--size, stratified, seed {seed})"
            if args.size
            else f"every row of {args.data} ({len(split)} examples)"
        )
    data_names = list(split.features["label"].names)
    model_path = _model_folder(args.model)
    import_tensorflow()
    from attnviz.nlp.loading import load_classifier
    from attnviz.nlp.training.evaluation import evaluate_split

    loaded = load_classifier(model_path)
    mapping = _label_mapping(loaded.label_names, data_names)
    if mapping is None:
        raise DataError(
            "labels_mismatch",
            f"The model's classes ({', '.join(loaded.label_names)}) do not match the data's "
            f"({', '.join(data_names)}).",
        )
    split = split.map(lambda row: {"label": mapping[row["label"]]}, load_from_cache_file=False)
    print(f"evaluating on {used}", file=sys.stderr)
    bar = ProgressLine("evaluating")
    result = evaluate_split(
        loaded.model,
        loaded.tokenizer,
        split,
        loaded.label_names,
        max_length,
        args.batch_size,
        truncation=truncation,
        progress=bar,
    )
    bar.done()
    result["examples"] = result.get("examples", [])[:50]
    result.update(
        model=str(args.model),
        data=str(args.data),
        split=args.split if own_data else "all",
        rows=used,
        max_length=max_length,
        truncation=truncation,
        seed=seed,
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(runs._jsonable(result), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    print(
        f"accuracy {result['accuracy']:.4f} on {result['count']} examples ({used}); macro F1 "
        f"{result['macro_f1']:.4f}" + (f"; written to {args.json}" if args.json else "")
    )
    for row in result["per_class"]:
        print(
            f"  {row['label']}: precision {row['precision']:.3f} recall {row['recall']:.3f} f1 {row['f1']:.3f} "
            f"({row['support']})",
            file=sys.stderr,
        )
    return 0


class ProgressLine:
    """``label: done/total`` on stderr, redrawn on a terminal, every 25 % otherwise."""

    def __init__(self, label: str, stream=sys.stderr):
        self.label, self.stream, self.last_quarter, self.drawn = label, stream, -1, False

    def __call__(self, done: int, total: int) -> None:
        text = f"{self.label}: {done}/{total}"
        if self.stream.isatty():
            self.stream.write("\r" + text.ljust(40))
            self.stream.flush()
            self.drawn = True
        elif total and int(4 * done / total) > self.last_quarter:
            self.last_quarter = int(4 * done / total)
            print(text, file=self.stream)

    def done(self) -> None:
        if self.drawn:
            self.stream.write("\n")


def _same_source(trained_on: str, asked: str) -> bool:
    """Whether ``asked`` names the data a run was trained on (the same catalog name, or the same
    file or folder however it is written)."""
    a, b = str(trained_on).strip(), str(asked).strip()
    if a == b:
        return True
    try:
        pa, pb = Path(a).expanduser(), Path(b).expanduser()
        return pa.exists() and pb.exists() and pa.resolve() == pb.resolve()
    except OSError:
        return False


def _model_folder(source: str) -> str:
    """A run folder stands for its model/ subfolder."""
    path = Path(source).expanduser()
    if path.is_dir() and (path / "model" / "config.json").is_file() and not (path / "config.json").is_file():
        return str(path / "model")
    return source


def _run_settings(source: str) -> dict:
    from attnviz.nlp.training import runs

    path = Path(source).expanduser()
    for folder in (path, path.parent):
        settings = runs.read_json(folder / runs.SETTINGS, None)
        if isinstance(settings, dict) and (folder / runs.MODEL).is_dir():
            return settings
    return {}


def _label_mapping(model_names: list[str], data_names: list[str]) -> list[int] | None:
    """Data label id -> model label id: by name when the names agree, by position when the model's
    names are generic (LABEL_0...) and the counts agree; None when they do not fit."""
    if set(data_names) <= set(model_names):
        return [model_names.index(name) for name in data_names]
    generic = all(name == f"LABEL_{i}" for i, name in enumerate(model_names))
    if generic and len(model_names) == len(data_names):
        return list(range(len(data_names)))
    return None
