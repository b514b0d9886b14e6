"""A tiny BERT pretrained from scratch with masked-language modelling, live, offline, on a text the
user gives: what BERT's pretraining is, in a few minutes on a laptop.

- A WordPiece vocabulary trained on that text with ``tokenizers`` and saved in the Hub's layout
  (``vocab.txt`` and the fast tokenizer's files), so every page reads it like a downloaded BERT.
- A real ``TFBertForMaskedLM`` from a small config, trained with Keras ``fit``: each batch hides
  15 % of the pieces (80 % become [MASK], 10 % a random piece, 10 % stay), as BERT did.
- Measured as it learns: top-1 accuracy on the hidden pieces of held-out sentences, against the
  unigram baseline (always guessing the text's most frequent piece), and the guesses for a few
  held-out sentences with one word hidden.

Saved in ``ATTNVIZ_HOME/models/<name>``: the fill-in page and the fine-tuning page list it like any
local model (pretraining, then fine-tuning, in one app).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attnviz.nlp.live_fit import fit_steps

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
SPECIALS = (PAD, UNK, CLS, SEP, MASK)
IGNORED = -100  # the label of a piece that was not hidden (the loss skips it)
MAX_TOKENS = 48  # rt-polarity's sentences: 95 % fit in 48 pieces
MAX_TEXTS = 50_000
MAX_TEXT_CHARS = 2_000
MIN_TEXTS = 200  # fewer sentences teach nothing a class could see
HELD_OUT = 300  # sentences kept apart for measuring
POOL_BATCHES = 2_000  # differently masked batches prepared before training


@dataclass(frozen=True)
class TinyBertConfig:
    vocab_size: int = 4_000
    hidden: int = 128
    layers: int = 2
    heads: int = 4
    intermediate: int = 256
    learning_rate: float = 1e-3
    batch_size: int = 32
    mask_share: float = 0.15
    seed: int = 0


class TextProblem(ValueError):
    """The text cannot be used (``code`` names the sentence the page shows)."""

    def __init__(self, code: str, message: str, **values):
        super().__init__(message)
        self.code, self.values = code, values


def clean_texts(texts: Iterable[str]) -> list[str]:
    """Non-empty lines, whitespace collapsed, each cut at ``MAX_TEXT_CHARS``, at most ``MAX_TEXTS``."""
    cleaned = []
    for text in texts:
        line = " ".join(str(text).split())[:MAX_TEXT_CHARS]
        if line:
            cleaned.append(line)
        if len(cleaned) >= MAX_TEXTS:
            break
    if len(cleaned) < MIN_TEXTS + HELD_OUT // 10:
        raise TextProblem(
            "too_few_texts",
            f"{len(cleaned)} non-empty lines; at least {MIN_TEXTS + HELD_OUT // 10} are needed.",
            count=len(cleaned),
            needed=MIN_TEXTS + HELD_OUT // 10,
        )
    return cleaned


MAX_FILE_BYTES = 20 * 2**20


def read_texts(filename: str, data: bytes) -> list[str]:
    """The texts of an uploaded file: a ``.txt`` gives one text per line; a ``.csv`` its first
    column of text (the column with the longest cells on average). Nothing is written to disk."""
    if len(data) > MAX_FILE_BYTES:
        raise TextProblem("file_too_big", f"{len(data)} bytes; at most {MAX_FILE_BYTES}.", limit_mb=20)
    text = data.decode("utf-8", errors="replace")
    if str(filename).lower().endswith(".csv"):
        import io

        import pandas as pd

        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (ValueError, pd.errors.ParserError) as error:
            raise TextProblem("bad_csv", f"The CSV could not be read: {error}") from error
        columns = [c for c in frame.columns if frame[c].str.len().mean() > 0]
        if not columns:
            raise TextProblem("bad_csv", "The CSV has no column of text.")
        best = max(columns, key=lambda c: frame[c].str.len().mean())
        return frame[best].tolist()
    return text.splitlines()


def split_held_out(texts: list[str], seed: int = 0) -> tuple[list[str], list[str]]:
    """(training texts, held-out texts): a tenth, at most ``HELD_OUT``, kept apart at random."""
    order = np.random.default_rng(seed).permutation(len(texts))
    held = min(HELD_OUT, len(texts) // 10)
    return [texts[i] for i in order[held:]], [texts[i] for i in order[:held]]


def train_tokenizer(texts: list[str], vocab_size: int = TinyBertConfig.vocab_size):
    """A lower-casing WordPiece tokenizer learnt from ``texts`` (a ``BertTokenizerFast``)."""
    import tempfile

    from tokenizers import BertWordPieceTokenizer
    from transformers import BertTokenizerFast

    wordpiece = BertWordPieceTokenizer(lowercase=True, strip_accents=False)
    wordpiece.train_from_iterator(
        texts, vocab_size=vocab_size, min_frequency=2, special_tokens=list(SPECIALS)
    )
    with tempfile.TemporaryDirectory() as folder:
        wordpiece.save_model(folder)
        tokenizer = BertTokenizerFast(vocab_file=str(Path(folder) / "vocab.txt"), do_lower_case=True)
    tokenizer.model_max_length = MAX_TOKENS
    return tokenizer


def build_model(tokenizer, config: TinyBertConfig = TinyBertConfig()):
    import tensorflow as tf
    from transformers import BertConfig, TFBertForMaskedLM

    tf.keras.utils.set_random_seed(config.seed)
    bert = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=config.hidden,
        num_hidden_layers=config.layers,
        num_attention_heads=config.heads,
        intermediate_size=config.intermediate,
        max_position_embeddings=MAX_TOKENS,
        pad_token_id=tokenizer.pad_token_id,
    )
    model = TFBertForMaskedLM(bert)
    model(model.dummy_inputs, training=False)
    return model


def encode(tokenizer, texts: list[str]) -> dict[str, np.ndarray]:
    encoded = tokenizer(
        texts, padding="max_length", truncation=True, max_length=MAX_TOKENS, return_tensors="np"
    )
    return {"input_ids": encoded["input_ids"].astype(np.int32), "attention_mask": encoded["attention_mask"]}


def _maskable(tokenizer, ids: np.ndarray) -> np.ndarray:
    special = np.isin(ids, [tokenizer.pad_token_id, tokenizer.cls_token_id, tokenizer.sep_token_id])
    return ~special


def mask_pieces(tokenizer, ids: np.ndarray, rng: np.random.Generator, share: float = 0.15):
    """BERT's masking: ``share`` of the real pieces are hidden (at least one per text); of those,
    80 % become [MASK], 10 % a random piece, 10 % stay. Returns (inputs, labels), labels
    ``IGNORED`` where nothing was hidden."""
    ids = np.asarray(ids)
    maskable = _maskable(tokenizer, ids)
    chosen = (rng.random(ids.shape) < share) & maskable
    for row in np.flatnonzero(~chosen.any(axis=1) & maskable.any(axis=1)):  # one hidden piece at least
        chosen[row, rng.choice(np.flatnonzero(maskable[row]))] = True
    labels = np.where(chosen, ids, IGNORED).astype(np.int32)
    inputs = ids.copy()
    roll = rng.random(ids.shape)
    inputs[chosen & (roll < 0.8)] = tokenizer.mask_token_id
    randomised = chosen & (roll >= 0.8) & (roll < 0.9)
    inputs[randomised] = rng.integers(len(SPECIALS), len(tokenizer), size=int(randomised.sum()))
    return inputs.astype(np.int32), labels


@dataclass(frozen=True)
class HeldOut:
    """Held-out sentences, masked once and for all: every measurement hides the same pieces."""

    inputs: np.ndarray
    attention_mask: np.ndarray
    labels: np.ndarray


def held_out_set(tokenizer, texts: list[str], seed: int = 1) -> HeldOut:
    encoded = encode(tokenizer, texts)
    inputs, labels = mask_pieces(tokenizer, encoded["input_ids"], np.random.default_rng(seed))
    return HeldOut(inputs, encoded["attention_mask"], labels)


def masked_accuracy(model, held: HeldOut, batch: int = 128) -> float:
    """Top-1 accuracy on the hidden pieces of the held-out sentences."""
    right = total = 0
    for start in range(0, len(held.inputs), batch):
        part = slice(start, start + batch)
        logits = np.asarray(
            model(
                input_ids=held.inputs[part], attention_mask=held.attention_mask[part], training=False
            ).logits
        )
        labels = held.labels[part]
        hidden = labels != IGNORED
        right += int((logits.argmax(-1)[hidden] == labels[hidden]).sum())
        total += int(hidden.sum())
    return right / max(1, total)


def unigram_baseline(tokenizer, train_ids: np.ndarray, held: HeldOut) -> tuple[str, float]:
    """The piece most frequent in the training text, and the accuracy of always guessing it."""
    ids = train_ids[_maskable(tokenizer, train_ids)]
    counts = np.bincount(ids, minlength=len(tokenizer))
    best = int(np.argmax(counts))
    hidden = held.labels[held.labels != IGNORED]
    return tokenizer.convert_ids_to_tokens(best), float((hidden == best).mean()) if hidden.size else 0.0


def probe_sentences(tokenizer, texts: list[str], count: int = 3) -> list[tuple[str, str]]:
    """(sentence with one word as [MASK], the word): held-out sentences of 6 to 20 words, the hidden
    word a whole piece of the vocabulary near the middle (not punctuation)."""
    vocab = tokenizer.get_vocab()
    probes = []
    for text in texts:
        words = text.lower().split()
        if not 6 <= len(words) <= 20:
            continue
        middle = sorted(range(len(words)), key=lambda i: abs(i - len(words) / 2))
        word = next(
            (i for i in middle if words[i].isalpha() and len(words[i]) > 2 and words[i] in vocab), None
        )
        if word is None:
            continue
        probes.append((" ".join(MASK if i == word else w for i, w in enumerate(words)), words[word]))
        if len(probes) == count:
            break
    return probes


def guesses(model, tokenizer, masked_sentence: str, top: int = 3) -> list[tuple[str, float]]:
    """The ``top`` pieces the model puts at the [MASK] of ``masked_sentence``, with probabilities."""
    encoded = tokenizer(masked_sentence, return_tensors="np", truncation=True, max_length=MAX_TOKENS)
    ids = encoded["input_ids"][0].tolist()
    if tokenizer.mask_token_id not in ids:
        return []
    logits = np.asarray(model(**dict(encoded), training=False).logits)[0, ids.index(tokenizer.mask_token_id)]
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    best = np.argsort(-probs)[:top]
    return [(tokenizer.convert_ids_to_tokens(int(i)), float(probs[i])) for i in best]


def head_pattern_grid(model, tokenizer, texts: list[str], metrics=("previous", "next", "sep", "entropy")):
    """Per head, the heatmap page's head metrics averaged over ``texts``: {metric: (layers, heads)}."""
    from attnviz.core.head_metrics import head_metrics

    sums: dict[str, np.ndarray] = {}
    for text in texts:
        encoded = tokenizer(text, return_tensors="np", truncation=True, max_length=MAX_TOKENS)
        out = model(**dict(encoded), output_attentions=True, training=False)
        stack = np.stack([np.asarray(a)[0] for a in out.attentions])
        found = head_metrics(stack, tokenizer.convert_ids_to_tokens(encoded["input_ids"][0].tolist()))
        for name in metrics:
            sums[name] = sums.get(name, 0) + np.asarray(getattr(found, name), dtype=np.float64)
    return {name: value / max(1, len(texts)) for name, value in sums.items()}


def train(
    model,
    tokenizer,
    train_texts: list[str],
    *,
    steps: int,
    config: TinyBertConfig = TinyBertConfig(),
    seconds: float | None = None,
    on_step: Callable[[int, float], None] | None = None,
) -> list[float]:
    """Keras ``fit`` for ``steps`` batches, each text masked afresh every time it comes back (or
    until ``seconds`` pass); ``on_step(step, loss)`` after each. Returns the losses."""
    import tensorflow as tf
    import tf_keras

    encoded = encode(tokenizer, train_texts)
    rng = np.random.default_rng(config.seed)
    rows = min(steps, POOL_BATCHES) * config.batch_size
    picks = np.concatenate([rng.permutation(len(train_texts)) for _ in range(rows // len(train_texts) + 1)])[
        :rows
    ]
    inputs, labels = mask_pieces(tokenizer, encoded["input_ids"][picks], rng, config.mask_share)
    arrays = {"input_ids": inputs, "attention_mask": encoded["attention_mask"][picks], "labels": labels}
    dataset = tf.data.Dataset.from_tensor_slices(arrays).repeat().batch(config.batch_size)
    model.compile(optimizer=tf_keras.optimizers.Adam(learning_rate=config.learning_rate))
    return fit_steps(model, dataset, steps=steps, seconds=seconds, on_step=on_step)


def time_to_beat_baseline(
    texts: list[str],
    *,
    budget_seconds: float = 180.0,
    check_every: int = 50,
    config: TinyBertConfig = TinyBertConfig(),
) -> dict:
    """Pretrain from scratch on ``texts`` and measure top-1 masked accuracy on held-out sentences
    every ``check_every`` steps until the budget: the numbers of the benchmark command."""
    started = time.monotonic()
    train_texts, held_texts = split_held_out(clean_texts(texts), config.seed)
    tokenizer = train_tokenizer(train_texts, config.vocab_size)
    tokenizer_seconds = time.monotonic() - started
    model = build_model(tokenizer, config)
    held = held_out_set(tokenizer, held_texts)
    most_frequent, baseline = unigram_baseline(tokenizer, encode(tokenizer, train_texts)["input_ids"], held)
    curve = [
        {"step": 0, "seconds": round(time.monotonic() - started, 1), "accuracy": masked_accuracy(model, held)}
    ]

    def check(step: int, loss: float) -> None:
        if step % check_every == 0:
            accuracy = masked_accuracy(model, held)
            curve.append(
                {
                    "step": step,
                    "seconds": round(time.monotonic() - started, 1),
                    "accuracy": round(accuracy, 4),
                }
            )

    train(model, tokenizer, train_texts, steps=100_000, config=config, seconds=budget_seconds, on_step=check)
    beaten = next((c for c in curve if c["accuracy"] > baseline), None)
    return {
        "texts": len(train_texts),
        "vocabulary": len(tokenizer),
        "tokenizer_seconds": round(tokenizer_seconds, 1),
        "unigram_piece": most_frequent,
        "unigram_accuracy": round(baseline, 4),
        "beats_unigram": beaten,
        "curve": curve,
    }
