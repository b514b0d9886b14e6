"""``evaluate``: accuracy, per-class metrics and the confusion matrix of a classifier on a data set."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from attnviz.cli.common import add_data_option, add_home_option, add_model_option, apply_home, import_tensorflow


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="accuracy, per-class precision / recall / F1 and the confusion matrix, as JSON",
        description=("Evaluate a classifier (e.g. RUN_DIR/model from 'train') on a labelled split. When the model "
                     "sits in a run folder, the run's seed and split sizes are used, so the test split is the one "
                     "held out during training. Labels are matched by name."),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_model_option(parser)
    add_data_option(parser)
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="write the result here")
    parser.add_argument("--split", choices=("test", "validation", "train"), default="test")
    parser.add_argument("--max-length", type=int, metavar="N", help="tokens kept (default: the run's, else 256)")
    parser.add_argument("--batch-size", type=int, default=32, metavar="B")
    parser.add_argument("--size", type=int, metavar="N",
                        help="examples in the split (default: the run's size for it, else 10%% of the data)")
    parser.add_argument("--seed", type=int, help="split seed (default: the run's, else 42)")
    add_home_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    apply_home(args.home)
    from attnviz.nlp.errors import DataError, NlpError
    from attnviz.nlp.training import runs

    if not args.model or not args.data:
        raise NlpError("missing_option", "evaluate needs --model and --data.")
    run_settings = _run_settings(args.model)
    seed = args.seed if args.seed is not None else int(run_settings.get("seed", 42))
    max_length = args.max_length or int(run_settings.get("max_length", 256))
    if max_length < 2:
        raise NlpError("bad_length", f"--max-length must be at least 2, not {max_length}.")
    from attnviz.nlp.data import load_data
    from attnviz.nlp.splits import SplitSizes

    sizes = {"train": run_settings.get("train_size"), "validation": run_settings.get("validation_size", 0.1),
             "test": run_settings.get("test_size", 0.1)}
    if args.size:
        sizes[args.split] = args.size
    data = load_data(args.data, sizes=SplitSizes(**sizes), seed=seed, text_column=run_settings.get("text_column") or None,
                     label_column=run_settings.get("label_column") or None)
    split = data[args.split]
    data_names = list(split.features["label"].names)
    model_path = _model_folder(args.model)
    import_tensorflow()
    from attnviz.nlp.loading import load_classifier
    from attnviz.nlp.training.evaluation import evaluate_split

    loaded = load_classifier(model_path)
    mapping = _label_mapping(loaded.label_names, data_names)
    if mapping is None:
        raise DataError("labels_mismatch",
                        f"The model's classes ({', '.join(loaded.label_names)}) do not match the data's "
                        f"({', '.join(data_names)}).")
    split = split.map(lambda row: {"label": mapping[row["label"]]}, load_from_cache_file=False)
    result = evaluate_split(loaded.model, loaded.tokenizer, split, loaded.label_names, max_length, args.batch_size)
    result["examples"] = result.get("examples", [])[:50]
    result.update(model=str(args.model), data=str(args.data), split=args.split, max_length=max_length, seed=seed)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(runs._jsonable(result), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"accuracy {result['accuracy']:.4f} on {result['count']} {args.split} examples; macro F1 "
          f"{result['macro_f1']:.4f}" + (f"; written to {args.json}" if args.json else ""))
    for row in result["per_class"]:
        print(f"  {row['label']}: precision {row['precision']:.3f} recall {row['recall']:.3f} f1 {row['f1']:.3f} "
              f"({row['support']})", file=sys.stderr)
    return 0


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
