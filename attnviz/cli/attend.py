"""``attend``: one text through a model; tokens, attention and prediction as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from attnviz.cli.common import (
    ProgressPrinter,
    add_home_option,
    add_model_option,
    apply_home,
    import_tensorflow,
)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "attend",
        help="attention of every layer and head for a text, as JSON",
        description=(
            "Run a text through a model and write its tokens, its attention (layers x heads x tokens "
            "x tokens, exactly as the model computed it) and its prediction. For a question answering "
            "model, --text is the context and --question the question."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_model_option(parser, default="distilbert-base-uncased")
    parser.add_argument("--text", required=True, help="the text (the context, for question answering)")
    parser.add_argument("--question", help="the question, for a question answering model")
    parser.add_argument(
        "--task",
        choices=("auto", "classification", "qa"),
        default="auto",
        help="auto: question answering if the model is a QA model or --question is given",
    )
    parser.add_argument(
        "--max-length", type=int, default=512, metavar="N", help="tokens kept; the rest is cut"
    )
    parser.add_argument(
        "--json",
        type=Path,
        metavar="OUT.json",
        help="write the result here (default: only a summary on stdout)",
    )
    add_home_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    apply_home(args.home)
    from attnviz.nlp.errors import NlpError

    if not args.text.strip() or (args.question is not None and not args.question.strip()):
        raise NlpError("empty_text", "The text is empty.")
    if args.max_length < 2:
        raise NlpError("bad_length", f"--max-length must be at least 2, not {args.max_length}.")
    from attnviz.nlp.loading import load_classifier, load_question_answering, resolve_model_folder

    bar = ProgressPrinter(f"model {args.model}")
    folder = resolve_model_folder(args.model, progress=bar)  # before TensorFlow: a bad --model fails fast
    bar.done()
    import_tensorflow()
    from attnviz.nlp.attention import AttentionExtractor

    if _task(args, folder) == "qa":
        extractor = AttentionExtractor(load_question_answering(folder), max_length=args.max_length)
        output = extractor(args.question or "", args.text) if args.question else extractor(args.text)
    else:
        extractor = AttentionExtractor(load_classifier(folder), max_length=args.max_length)
        output = extractor(args.text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(output.to_json_dict()), encoding="utf-8")
    layers, heads, tokens, _ = output.attentions.shape
    summary = f"{tokens} tokens, {layers} layers x {heads} heads"
    if output.label:
        summary += f"; prediction: {output.label} ({output.probabilities[output.label_id]:.3f})"
    if output.truncated_tokens:
        summary += f"; {output.truncated_tokens} tokens cut beyond --max-length"
    print(summary + (f"; written to {args.json}" if args.json else ""))
    return 0


def _task(args, folder: Path) -> str:
    if args.task != "auto":
        return args.task
    if args.question:
        return "qa"
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    return (
        "qa" if any("QuestionAnswering" in a for a in config.get("architectures") or []) else "classification"
    )
