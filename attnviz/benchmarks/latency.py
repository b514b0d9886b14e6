"""Model loading and attention extraction: how long a model page waits for a model, and for the
attention of a new text."""

from __future__ import annotations

import statistics
import time

SAMPLE = (
    "The film opens slowly, but the second half is a gripping and surprisingly tender story about two "
    "brothers who have not spoken in years. The acting is superb, the music never intrudes, and the "
    "ending made half the audience cry. Some scenes drag and one subplot goes nowhere, yet I would "
    "happily watch it again, and I recommend it to anyone who likes quiet, patient cinema. "
)


def attention_latency(model: str, tokens: list[int], repeat: int = 20, tokenizer: str | None = None) -> dict:
    """Seconds to load ``model`` (or ``scratch:ARCH`` with ``tokenizer``), to compile and warm its
    forward pass, and the median milliseconds to extract every attention of a text of each length."""
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.loading import build_from_scratch, load_classifier

    started = time.perf_counter()
    if model.startswith("scratch:"):
        if not tokenizer:
            raise NlpError("bad_source", "--model scratch:ARCH needs --tokenizer.", source=model)
        loaded = build_from_scratch(model.split(":", 1)[1], tokenizer, num_labels=2, seed=0)
    else:
        loaded = load_classifier(model)
    load_s = time.perf_counter() - started
    extractor = AttentionExtractor(loaded)
    warm_s = time.perf_counter() - started - load_s
    result = {
        "model": model,
        "architecture": loaded.architecture,
        "layers": loaded.num_layers,
        "heads": loaded.num_heads,
        "load_seconds": round(load_s, 2),
        "warm_up_seconds": round(warm_s, 2),
    }
    for n in tokens:
        text = text_of_tokens(loaded.tokenizer, n)
        extractor(text)  # same trace; the first run of a new shape allocates buffers
        times = []
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            output = extractor(text)
            times.append(time.perf_counter() - t0)
        result[f"attention_ms_{n}_tokens"] = round(1000 * statistics.median(times), 1)
        result[f"attention_tokens_{n}"] = len(output.tokens)
    result["retraces"] = extractor.tracing_count - 1
    return result


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
