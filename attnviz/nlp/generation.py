"""Decoder-only generation (GPT): a prompt continued one token at a time, greedy or sampled with a
temperature and top-k, with the candidates of every step and the causal self-attention of the
whole text. One forward pass per written token (no cache: short texts, and every step is shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attnviz.nlp.errors import NlpError

# Decoder-only families with GPT-2's byte-level tokenizer (the page shows its pieces as text).
# TFAutoModelForCausalLM also maps BERT-like encoders, as decoders for seq2seq fine-tuning: a
# sentence encoder would get a random head, so those are refused.
DECODER_ONLY = ("gpt2", "gptj", "gpt_neo", "opt")
MAX_PROMPT_TOKENS = 48
MAX_NEW_TOKENS = 24  # a class watches each step; longer texts make unreadable matrices
TOP_SHOWN = 5


@dataclass
class Generator:
    model: object  # a transformers TF ...LMHeadModel (causal)
    tokenizer: object
    name: str
    version: str = ""


@dataclass(frozen=True)
class Settings:
    steps: int = 8
    sample: bool = False  # False: always the most likely token (greedy)
    temperature: float = 1.0
    top_k: int = 10
    seed: int = 0


@dataclass(frozen=True)
class Step:
    token: str  # what was written
    probability: float  # its probability after temperature and top-k
    candidates: list[tuple[str, float]]  # the most likely tokens of the step (before sampling)


@dataclass(frozen=True)
class Generation:
    tokens: list[str]  # the prompt's tokens, then the written ones
    prompt_length: int
    steps: list[Step]
    attention: np.ndarray  # (layers, heads, T, T) of the whole text: causal
    text: str


def load_generator(folder: Path, name: str) -> Generator:
    from transformers import TFAutoModelForCausalLM

    from attnviz.nlp.loading import WEIGHTLESS, _load_tokenizer, read_config, read_weights

    folder = Path(folder)
    config = read_config(folder, name)
    if config.model_type not in DECODER_ONLY or type(config) not in TFAutoModelForCausalLM._model_mapping:
        raise NlpError(
            "not_a_generator",
            f"{name} is a {config.model_type} model, not a text generator (GPT).",
            source=name,
            architecture=config.model_type,
        )
    tokenizer = _load_tokenizer(folder, name)
    model, info = read_weights(TFAutoModelForCausalLM, folder, config, name)
    missing = [str(k) for k in info.get("missing_keys", []) if not WEIGHTLESS.search(str(k))]
    if missing:
        raise NlpError(
            "weights_mismatch",
            f"The weights in {folder} do not fit a {config.model_type} model ({len(missing)} missing).",
            source=name,
        )
    return Generator(model, tokenizer, name, f"{folder}:{(folder / 'config.json').stat().st_mtime}")


def next_token_probabilities(logits: np.ndarray, settings: Settings) -> np.ndarray:
    """The distribution the next token is drawn from: softmax(logits / T) over the top-k tokens
    only when sampling; the plain softmax when greedy (the choice is its largest)."""
    logits = np.asarray(logits, np.float64)
    if settings.sample:
        logits = logits / max(settings.temperature, 1e-3)
        if 0 < settings.top_k < logits.shape[-1]:
            cutoff = np.partition(logits, -settings.top_k)[-settings.top_k]
            logits = np.where(logits >= cutoff, logits, -np.inf)
    shifted = np.exp(logits - logits.max())
    return shifted / shifted.sum()


def generate(generator: Generator, prompt: str, settings: Settings) -> Generation:
    """Write ``settings.steps`` tokens after ``prompt``, one forward pass each; then one pass over the
    whole text for its attention."""
    tokenizer, model = generator.tokenizer, generator.model
    ids = tokenizer(prompt, truncation=True, max_length=MAX_PROMPT_TOKENS)["input_ids"]
    if not ids:
        raise NlpError("empty_text", "The prompt is empty.")
    prompt_length = len(ids)
    rng = np.random.default_rng(settings.seed)
    steps: list[Step] = []
    limit = min(int(settings.steps), MAX_NEW_TOKENS, _positions(model) - prompt_length)
    for _ in range(max(0, limit)):
        logits = np.asarray(model(np.asarray([ids], np.int32), training=False).logits)[0, -1]
        probs = next_token_probabilities(logits, settings)
        plain = next_token_probabilities(logits, Settings())
        best = np.argsort(-plain)[:TOP_SHOWN]
        chosen = int(rng.choice(probs.shape[0], p=probs)) if settings.sample else int(np.argmax(probs))
        steps.append(
            Step(
                token=tokenizer.convert_ids_to_tokens(chosen),
                probability=float(probs[chosen]),
                candidates=[(tokenizer.convert_ids_to_tokens(int(i)), float(plain[i])) for i in best],
            )
        )
        ids.append(chosen)
    out = model(np.asarray([ids], np.int32), output_attentions=True, training=False)
    attention = np.stack([np.asarray(a)[0] for a in out.attentions]).astype(np.float32)
    return Generation(
        tokens=tokenizer.convert_ids_to_tokens(ids),
        prompt_length=prompt_length,
        steps=steps,
        attention=attention,
        text=tokenizer.decode(ids, skip_special_tokens=True),
    )


def _positions(model) -> int:
    config = model.config
    return int(getattr(config, "n_positions", None) or getattr(config, "max_position_embeddings", 1024))
