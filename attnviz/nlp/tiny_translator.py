"""A tiny encoder-decoder that learns to write dates in ISO form (``attnviz.core.dates``), offline,
in a minute or two on a laptop: the class watches its cross-attention go from a blur to an
alignment that moves the year to the front.

It is a real ``TFMarianMTModel`` (the class of Helsinki-NLP's opus-mt translators) built from a
tiny config, so the same code reads its attention as a downloaded translator's; the tokenizer is a
word-level ``tokenizers`` model (digits one by one, punctuation apart) wrapped in
``PreTrainedTokenizerFast`` and saved beside the model in the Hub's layout. Training is Keras
``fit`` on generated pairs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attnviz.core import dates
from attnviz.nlp import seq2seq
from attnviz.nlp.live_fit import fit_steps

PAD, EOS, UNK = "<pad>", "</s>", "<unk>"
MAX_SOURCE_TOKENS = 16
MAX_TARGET_TOKENS = 12  # "2026-12-25" is 10 pieces, then </s>
POOL_BATCHES = 1500  # batches of distinct generated pairs (about 96,000 of the 80,000 training dates)


@dataclass(frozen=True)
class TinyTranslatorConfig:
    d_model: int = 64
    layers: int = 2
    heads: int = 4
    ffn: int = 128
    learning_rate: float = (
        1e-3  # measured: 3e-3 left cross-attention uniform after 1,500 steps, 1e-2 collapsed
    )
    batch_size: int = 64
    seed: int = 0
    jit_compile: bool = False  # measured: no faster on 2 cores, and a slower first step


def vocabulary() -> list[str]:
    """Every piece a date can be written with, in either language (fixed: no training data
    needed to build it), after the special tokens."""
    words = {"de", "y", ",", "-"} | set(dates.SPANISH_MONTHS) | set(dates.ENGLISH_MONTHS)
    words |= {w for day in dates.SPANISH_DAYS for w in day.split()}
    words |= set("0123456789")
    return [PAD, EOS, UNK] + sorted(words)


def build_tokenizer():
    """A word-level fast tokenizer over :func:`vocabulary`, adding ``</s>`` at the end."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocab = {piece: i for i, piece in enumerate(vocabulary())}
    core = Tokenizer(models.WordLevel(vocab, unk_token=UNK))
    core.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.WhitespaceSplit(),
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.Punctuation(),
        ]
    )
    core.post_processor = processors.TemplateProcessing(
        single=f"$A {EOS}", special_tokens=[(EOS, vocab[EOS])]
    )
    core.decoder = decoders.Fuse()  # "2 0 2 6 - 1 2" -> "2026-12"
    return PreTrainedTokenizerFast(
        tokenizer_object=core,
        pad_token=PAD,
        eos_token=EOS,
        unk_token=UNK,
        model_max_length=MAX_SOURCE_TOKENS + 4,
    )


def build_model(tokenizer, config: TinyTranslatorConfig = TinyTranslatorConfig()):
    """A TFMarianMTModel with a tiny config, built (weights created) and ready to train."""
    import tensorflow as tf
    from transformers import MarianConfig, TFMarianMTModel

    tf.keras.utils.set_random_seed(config.seed)
    marian = MarianConfig(
        vocab_size=len(tokenizer),
        decoder_vocab_size=len(tokenizer),
        d_model=config.d_model,
        encoder_layers=config.layers,
        decoder_layers=config.layers,
        encoder_attention_heads=config.heads,
        decoder_attention_heads=config.heads,
        encoder_ffn_dim=config.ffn,
        decoder_ffn_dim=config.ffn,
        max_position_embeddings=64,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        activation_function="relu",
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    model = TFMarianMTModel(marian)  # decoding settings: see translate()
    model(model.dummy_inputs, training=False)
    return model


def encode_pairs(tokenizer, pairs: list[dates.DatePair]) -> dict[str, np.ndarray]:
    """Padded source ids and mask, and labels padded with -100 (ignored by the loss)."""
    source = tokenizer(
        [p.source for p in pairs], padding="max_length", max_length=MAX_SOURCE_TOKENS, truncation=True
    )
    target = tokenizer(
        [p.target for p in pairs], padding="max_length", max_length=MAX_TARGET_TOKENS, truncation=True
    )
    labels = np.asarray(target["input_ids"], np.int32)
    labels[np.asarray(target["attention_mask"]) == 0] = -100
    return {
        "input_ids": np.asarray(source["input_ids"], np.int32),
        "attention_mask": np.asarray(source["attention_mask"], np.int32),
        "labels": labels,
    }


def train(
    model,
    tokenizer,
    *,
    steps: int,
    config: TinyTranslatorConfig = TinyTranslatorConfig(),
    seconds: float | None = None,
    on_step: Callable[[int, float], None] | None = None,
) -> list[float]:
    """Keras ``fit`` for ``steps`` batches of fresh training pairs (or until ``seconds`` pass);
    returns the loss of each step. ``on_step(step, loss)`` after each."""
    import tensorflow as tf
    import tf_keras

    pool = min(steps, POOL_BATCHES) * config.batch_size  # fresh pairs, repeated beyond the pool
    arrays = encode_pairs(tokenizer, dates.pairs(pool, seed=config.seed))
    dataset = tf.data.Dataset.from_tensor_slices(arrays).shuffle(pool, seed=config.seed).repeat()
    dataset = dataset.batch(config.batch_size)
    model.compile(
        optimizer=tf_keras.optimizers.Adam(learning_rate=config.learning_rate), jit_compile=config.jit_compile
    )
    return fit_steps(model, dataset, steps=steps, seconds=seconds, on_step=on_step)


def translate(model, tokenizer, sources: list[str]) -> list[str]:
    """Greedy decoding, one output piece at a time."""
    encoded = tokenizer(list(sources), padding=True, return_tensors="np")
    generation = seq2seq.greedy_generation(model.config, MAX_TARGET_TOKENS)
    generated = model.generate(
        encoded["input_ids"], attention_mask=encoded["attention_mask"], generation_config=generation
    )
    return [
        text.replace(" ", "")
        for text in tokenizer.batch_decode(np.asarray(generated), skip_special_tokens=True)
    ]


def exact_match(model, tokenizer, pairs: list[dates.DatePair]) -> float:
    outputs = translate(model, tokenizer, [p.source for p in pairs])
    return float(np.mean([out == p.target for out, p in zip(outputs, pairs)]))


def as_translator(model, tokenizer):
    """The tiny model seen as any translator of :mod:`attnviz.nlp.seq2seq` (its pieces join
    without spaces: "2026-12-25")."""
    return seq2seq.Translator(model, tokenizer, "tiny", "marian", compact=True)


def attention_of(model, tokenizer, source: str, target: str | None = None) -> seq2seq.CrossAttention:
    """Every attention of one translation: the model's own output (greedy) unless ``target`` is
    given (teacher forcing, as during training)."""
    if target is None:
        target = translate(model, tokenizer, [source])[0]
    output_ids = tokenizer(target)["input_ids"]  # ends with </s>
    return seq2seq.forward(as_translator(model, tokenizer), source, output_ids)


def load(folder: Path):
    from transformers import PreTrainedTokenizerFast, TFMarianMTModel

    return TFMarianMTModel.from_pretrained(folder), PreTrainedTokenizerFast.from_pretrained(folder)


def year_attention(model, tokenizer, pairs: list[dates.DatePair]) -> np.ndarray:
    """For each pair, the share of the last decoder layer's cross-attention (mean over heads) that
    each of the four year digits of the output puts on the source's year digits: (pairs, 4)."""
    shares = []
    for pair in pairs:
        seen = attention_of(model, tokenizer, pair.source, pair.target)
        rows = seen.cross[-1].mean(axis=0)  # (decoder steps, source); step i writes output piece i
        year = dates.year_positions(seen.source_tokens, pair.date.year)
        shares.append([float(rows[i, year].sum()) for i in range(4)])
    return np.asarray(shares)


def time_to_exact_match(
    target: float = 0.9,
    *,
    budget_seconds: float = 120.0,
    check_every: int = 100,
    held_back: int = 200,
    config: TinyTranslatorConfig = TinyTranslatorConfig(),
) -> dict:
    """Train the default tiny translator from scratch and check exact match on ``held_back``
    held-back dates every ``check_every`` steps, until ``target`` or the budget: the numbers of
    the benchmark command."""
    tokenizer = build_tokenizer()
    started = time.monotonic()
    model = build_model(tokenizer, config)
    held = dates.pairs(held_back, seed=config.seed + 1, held_back=True)
    curve: list[dict] = []
    reached: dict = {}

    def check(step: int, loss: float) -> None:
        if step % check_every or reached:
            return
        score = exact_match(model, tokenizer, held)
        curve.append({"step": step, "seconds": round(time.monotonic() - started, 1), "exact_match": score})
        if score >= target:
            reached.update(curve[-1])
            model.stop_training = True

    steps = 100_000
    train(model, tokenizer, steps=steps, config=config, seconds=budget_seconds, on_step=check)
    return {"target": target, "reached": reached or None, "curve": curve, "held_back": held_back}
