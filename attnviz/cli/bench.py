"""``bench``: how long loading and attention extraction take on this machine."""
from __future__ import annotations

import argparse
import statistics
import time

from attnviz.cli.common import add_home_option, add_model_option, apply_home, import_tensorflow

SAMPLE = ("The film opens slowly, but the second half is a gripping and surprisingly tender story about two "
          "brothers who have not spoken in years. The acting is superb, the music never intrudes, and the "
          "ending made half the audience cry. Some scenes drag and one subplot goes nowhere, yet I would "
          "happily watch it again, and I recommend it to anyone who likes quiet, patient cinema. ")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="time model loading and attention extraction",
        description=("Time model loading, the compiled forward pass's warm-up, and attention extraction for "
                     "texts of given token counts (median of --repeat runs after warm-up)."),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_model_option(parser, default="distilbert-base-uncased")
    parser.add_argument("--tokens", type=int, nargs="+", default=[32, 128], metavar="N", help="text lengths in tokens")
    parser.add_argument("--repeat", type=int, default=20, metavar="R")
    parser.add_argument("--tokenizer", metavar="ID_OR_DIR",
                        help="with --model scratch:ARCH (random weights, the architecture's default size): "
                             "the tokenizer to use; times the architecture without downloading its weights")
    add_home_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    apply_home(args.home)
    started = time.perf_counter()
    import_tensorflow()  # timed apart from loading the model

    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.loading import build_from_scratch, load_classifier

    imported = time.perf_counter()
    if args.model.startswith("scratch:"):
        if not args.tokenizer:
            raise NlpError("bad_source", "--model scratch:ARCH needs --tokenizer.", source=args.model)
        loaded = build_from_scratch(args.model.split(":", 1)[1], args.tokenizer, num_labels=2, seed=0)
    else:
        loaded = load_classifier(args.model)
    load_s = time.perf_counter() - imported
    extractor = AttentionExtractor(loaded)
    warm_s = time.perf_counter() - imported - load_s
    print(f"model: {args.model} ({loaded.architecture}, {loaded.num_layers} layers x {loaded.num_heads} heads)")
    print(f"import tensorflow + transformers: {imported - started:.2f} s")
    print(f"load model: {load_s:.2f} s; compile + warm up the forward pass: {warm_s:.2f} s")
    for n in args.tokens:
        text = text_of_tokens(loaded.tokenizer, n)
        extractor(text)  # same trace; first run of a new shape allocates buffers
        times = []
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            output = extractor(text)
            times.append(time.perf_counter() - t0)
        print(f"extract attention, {len(output.tokens)} tokens: median {1000 * statistics.median(times):.1f} ms, "
              f"min {1000 * min(times):.1f} ms (n={len(times)}); retraces: {extractor.tracing_count - 1}")
    return 0


def text_of_tokens(tokenizer, n: int) -> str:
    """A text that tokenises to exactly ``n`` tokens, special tokens included (or as close as it gets)."""
    base = SAMPLE * (1 + n // 40)
    ids = tokenizer(base, add_special_tokens=False)["input_ids"]
    special = len(tokenizer("a")["input_ids"]) - len(tokenizer("a", add_special_tokens=False)["input_ids"])
    take = max(1, n - special)
    for _ in range(5):
        text = tokenizer.decode(ids[:take])
        got = len(tokenizer(text)["input_ids"])
        if got == n:
            break
        take += n - got
    return text
