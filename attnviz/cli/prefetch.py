"""``prefetch``: download models and data sets once, for a classroom without internet."""

from __future__ import annotations

import argparse
from pathlib import Path

from attnviz.cli.common import ProgressPrinter, add_data_option, add_model_option


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "prefetch",
        help="download models and data sets into ATTNVIZ_HOME (or --out DIR)",
        description=(
            "Download models (config, TensorFlow or safetensors weights, tokenizer) and data sets "
            "(parquet files) from the Hugging Face Hub into ATTNVIZ_HOME/models and "
            "ATTNVIZ_HOME/datasets, so the app and the other commands work offline. "
            "With neither --model nor --data, fetches the defaults: "
            "distilbert-base-uncased, distilbert-base-cased-distilled-squad and imdb."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_model_option(parser, repeat=True)
    add_data_option(parser, repeat=True)
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write into DIR/models and DIR/datasets instead of ATTNVIZ_HOME",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.paths import attnviz_home

    models = args.model or []
    datasets = args.data or []
    if not models and not datasets:
        models = [catalog.default_model().name, catalog.default_model(catalog.QUESTION_ANSWERING).name]
        datasets = [catalog.default_dataset().name]
    root = Path(args.out).expanduser() if args.out else attnviz_home()
    for name in models:
        bar = ProgressPrinter(f"model {name}")
        folder = hub.download_model(name, root=root / "models", progress=bar)
        bar.done()
        print(f"model {name}: {folder}")
    for name in datasets:
        bar = ProgressPrinter(f"data {name}")
        folder = hub.download_dataset(name, root=root / "datasets", progress=bar)
        bar.done()
        print(f"data {name}: {folder}")
    return 0
