"""BERT's pretraining objective, on a real model: hide one word behind [MASK] and ask the model's
masked-language head which word fits, with the [MASK] token's attention.

The head must come from the checkpoint: a model without masked-language weights (a sentence
encoder such as all-MiniLM-L6-v2, a fine-tuned classifier) is refused with a sentence, never given
a random head that would guess nonsense.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attnviz.nlp.errors import NlpError

# The fill-in head's weights, per architecture: DistilBERT's vocab_transform / vocab_layer_norm /
# vocab_projector, BERT's cls.predictions (mlm___cls in TensorFlow names), RoBERTa's lm_head.
MLM_HEAD = re.compile(r"vocab_transform|vocab_layer_norm|vocab_projector|(^|[./_])cls([./_]|$)|lm_head")
MAX_WORDS = 60


@dataclass
class MaskedLanguageModel:
    model: object  # a transformers TF ...ForMaskedLM
    tokenizer: object
    name: str
    version: str = ""  # changes when the folder on disk changes (keys of shared results)


@dataclass(frozen=True)
class FillIn:
    tokens: list[str]  # the model's pieces, with the mask token in place of the hidden word
    mask_position: int
    candidates: list[tuple[str, float]]  # (piece, probability), most likely first
    attention: np.ndarray  # (layers, heads, tokens): where the [MASK] token looks


def load_masked_lm(folder: Path, name: str) -> MaskedLanguageModel:
    from transformers import TFAutoModelForMaskedLM

    from attnviz.nlp.loading import WEIGHTLESS, _load_tokenizer, read_config, read_weights

    folder = Path(folder)
    config = read_config(folder, name)
    if type(config) not in TFAutoModelForMaskedLM._model_mapping:
        raise NlpError(
            "unsupported_architecture",
            f"transformers has no TensorFlow masked-language model for '{config.model_type}'.",
            architecture=config.model_type,
        )
    tokenizer = _load_tokenizer(folder, name)
    if tokenizer.mask_token is None:
        raise NlpError("no_mlm_head", f"{name} has no mask token.", source=name)
    model, info = read_weights(TFAutoModelForMaskedLM, folder, config, name)
    missing = [str(k) for k in info.get("missing_keys", []) if not WEIGHTLESS.search(str(k))]
    head = [k for k in missing if MLM_HEAD.search(k)]
    if head:
        raise NlpError(
            "no_mlm_head",
            f"{name} has no masked-language head ({len(head)} weights missing, e.g. {head[0]}): "
            "it cannot fill in words.",
            source=name,
        )
    if missing:
        raise NlpError(
            "weights_mismatch",
            f"The weights in {folder} do not fit a {config.model_type} model ({len(missing)} missing).",
            source=name,
        )
    version = f"{folder}:{(folder / 'config.json').stat().st_mtime}"
    return MaskedLanguageModel(model, tokenizer, name, version)


def split_words(text: str) -> list[str]:
    """The words a student can hide: whitespace-separated, at most :data:`MAX_WORDS`."""
    words = text.split()
    if not words:
        raise NlpError("empty_text", "The text is empty.")
    if len(words) > MAX_WORDS:
        raise NlpError(
            "too_many_words", f"{len(words)} words; at most {MAX_WORDS}.", count=len(words), limit=MAX_WORDS
        )
    return words


def fill_in(mlm: MaskedLanguageModel, words: list[str], hidden: int, top: int = 10) -> FillIn:
    """Hide ``words[hidden]`` behind one mask token; the ``top`` pieces the head puts there."""
    if not 0 <= hidden < len(words):
        raise NlpError("bad_word", f"There is no word {hidden + 1}.", index=hidden)
    tokenizer, model = mlm.tokenizer, mlm.model
    masked = [tokenizer.mask_token if i == hidden else w for i, w in enumerate(words)]
    encoded = tokenizer(" ".join(masked), return_tensors="np", truncation=True)
    ids = encoded["input_ids"][0].tolist()
    if tokenizer.mask_token_id not in ids:
        raise NlpError("bad_word", "The hidden word was cut off: write a shorter text.", index=hidden)
    position = ids.index(tokenizer.mask_token_id)
    out = model(**{k: v for k, v in encoded.items()}, output_attentions=True, training=False)
    logits = np.asarray(out.logits)[0, position].astype(np.float64)
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    best = np.argsort(-probs)[:top]
    return FillIn(
        tokens=tokenizer.convert_ids_to_tokens(ids),
        mask_position=position,
        candidates=[(tokenizer.convert_ids_to_tokens(int(i)), float(probs[i])) for i in best],
        attention=np.stack([np.asarray(a)[0, :, position, :] for a in out.attentions]).astype(np.float32),
    )
