"""Encoder-decoder translators: the pretrained ones of the catalog (Marian, T5), folders of the
same classes, and the tiny dates translator trained here. Loading (with the memory check), greedy
translation, and every attention of one translation from a single forward pass.

Weights: ``tf_model.h5`` natively, a TensorFlow-format ``model.safetensors`` natively, a
PyTorch-format one through the numpy path of :mod:`attnviz.nlp.pt_weights`. A folder with only
``pytorch_model.bin`` is refused (no pickles are read).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attnviz.nlp import catalog, hub
from attnviz.nlp.errors import NlpError

ARCHITECTURES = ("marian", "t5")
MAX_SOURCE_TOKENS = 64  # a sentence or two: the figures stay readable
MAX_NEW_TOKENS = 48


@dataclass
class Translator:
    model: object  # TFMarianMTModel or TFT5ForConditionalGeneration
    tokenizer: object
    name: str  # what the user picked (catalog name, folder name, "tiny")
    architecture: str  # "marian" or "t5"
    prefix: str = ""  # T5's task prefix, written before the source text
    compact: bool = False  # output pieces join without spaces (the tiny dates translator)
    version: str = ""  # changes when the model on disk changes (keys of results computed with it)

    @property
    def scaled(self) -> bool:
        """Whether the scores are divided by sqrt(d_k) (Marian: yes; T5 folds it into its weights)."""
        return self.architecture != "t5"

    @property
    def layers(self) -> int:
        config = self.model.config
        return int(getattr(config, "decoder_layers", None) or config.num_decoder_layers)

    @property
    def heads(self) -> int:
        config = self.model.config
        return int(getattr(config, "decoder_attention_heads", None) or config.num_heads)


@dataclass(frozen=True)
class CrossAttention:
    source_tokens: list[str]
    target_tokens: list[str]  # what the decoder read at each step: the start token, then the output
    output_tokens: list[str]  # what it wrote at each step
    cross: np.ndarray  # (layers, heads, target, source)
    decoder_self: np.ndarray  # (layers, heads, target, target): causal
    encoder_self: np.ndarray  # (layers, heads, source, source)
    logits: np.ndarray  # (target, vocabulary): the decoder's scores for each output step


# --- loading ----------------------------------------------------------------------------------------


def load_translator(folder: Path, name: str) -> Translator:
    """The translator saved in ``folder`` (a fetched catalog model or a local folder)."""
    from transformers import AutoTokenizer

    from attnviz.nlp.loading import WEIGHTLESS, _first_line, _tf, read_config, read_weights

    folder = Path(folder)
    config = read_config(folder, name)
    if config.model_type not in ARCHITECTURES:
        raise NlpError(
            "not_a_translator",
            f"{name} is a {config.model_type} model, not a translator (Marian or T5).",
            source=name,
            architecture=config.model_type,
        )
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder)
    except Exception as error:  # noqa: BLE001 - OSError, ValueError or ImportError (no sentencepiece)
        raise NlpError(
            "no_tokenizer", f"No usable tokenizer in {folder} ({_first_line(error)}).", source=name
        ) from None
    _tf()
    from transformers import TFAutoModelForSeq2SeqLM

    model, info = read_weights(TFAutoModelForSeq2SeqLM, folder, config, name)
    missing = [str(k) for k in info.get("missing_keys", []) if not WEIGHTLESS.search(str(k))]
    if missing:
        raise NlpError(
            "weights_mismatch",
            f"The weights in {folder} do not fit a {config.model_type} model "
            f"({len(missing)} missing, e.g. {missing[0]}).",
            source=name,
        )
    entry = catalog.find_model(name)
    version = f"{folder}:{(folder / 'config.json').stat().st_mtime}"
    return Translator(
        model, tokenizer, name, config.model_type, prefix=entry.prefix if entry else "", version=version
    )


def fetched_or_local(name: str) -> Path | None:
    """The folder of a catalog translator fetched before, or of a folder under
    ATTNVIZ_HOME/models; None when neither is on disk."""
    from attnviz.nlp.paths import is_model_dir, models_dir

    fetched = hub.downloaded_model(name)
    if fetched:
        return fetched
    local = models_dir() / name
    return local if "/" not in name and is_model_dir(local) else None


# --- translating ------------------------------------------------------------------------------------


def _encode(translator: Translator, text: str) -> dict:
    return translator.tokenizer(
        translator.prefix + text, return_tensors="np", truncation=True, max_length=MAX_SOURCE_TOKENS
    )


def greedy_ids(translator: Translator, text: str, max_new_tokens: int = MAX_NEW_TOKENS) -> list[int]:
    """The ids the decoder writes, one at a time, always taking the most likely piece (greedy),
    up to and with the end token."""
    config = translator.model.config
    generation = greedy_generation(config, max_new_tokens)
    encoded = _encode(translator, text)
    generated = translator.model.generate(
        encoded["input_ids"], attention_mask=encoded["attention_mask"], generation_config=generation
    )
    ids = [int(i) for i in np.asarray(generated)[0][1:]]  # without the start token
    eos = config.eos_token_id
    return ids[: ids.index(eos) + 1] if eos in ids else ids


def greedy_generation(config, max_new_tokens: int):
    """Greedy decoding settings, given whole: no setting is read from the checkpoint's files (a
    downloaded generation_config.json may ask for beams or sampling)."""
    from transformers import GenerationConfig

    return GenerationConfig(
        max_new_tokens=max_new_tokens,
        num_beams=1,
        do_sample=False,
        decoder_start_token_id=config.decoder_start_token_id,
        pad_token_id=config.pad_token_id,
        eos_token_id=config.eos_token_id,
        forced_eos_token_id=config.eos_token_id,
    )


def output_text(translator: Translator, ids: list[int]) -> str:
    text = translator.tokenizer.decode(ids, skip_special_tokens=True)
    return text.replace(" ", "") if translator.compact else text.strip()


def forward(translator: Translator, text: str, output_ids: list[int]) -> CrossAttention:
    """One forward pass with the decoder reading the start token and ``output_ids`` (teacher
    forcing): every attention, and the scores behind each output piece."""
    tokenizer, model = translator.tokenizer, translator.model
    source = _encode(translator, text)
    start = model.config.decoder_start_token_id
    output_ids = [int(i) for i in output_ids] or [int(model.config.eos_token_id)]
    decoder_ids = np.asarray([[start, *output_ids[:-1]]], np.int32)
    result = model(
        input_ids=source["input_ids"],
        attention_mask=source["attention_mask"],
        decoder_input_ids=decoder_ids,
        output_attentions=True,
        training=False,
    )
    stack = lambda values: np.stack([np.asarray(v)[0] for v in values]).astype(np.float32)  # noqa: E731
    return CrossAttention(
        source_tokens=tokenizer.convert_ids_to_tokens(source["input_ids"][0].tolist()),
        target_tokens=tokenizer.convert_ids_to_tokens(decoder_ids[0].tolist()),
        output_tokens=tokenizer.convert_ids_to_tokens(output_ids),
        cross=stack(result.cross_attentions),
        decoder_self=stack(result.decoder_attentions),
        encoder_self=stack(result.encoder_attentions),
        logits=np.asarray(result.logits)[0].astype(np.float32),
    )


def step_choices(seen: CrossAttention, tokenizer, top: int = 3) -> list[list[tuple[str, float]]]:
    """For each output step of a translation (its forward pass in ``seen``), the ``top`` pieces
    the decoder found most likely and their probabilities."""
    logits = seen.logits.astype(np.float64)
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    probs = shifted / shifted.sum(axis=-1, keepdims=True)
    out = []
    for row in probs:
        best = np.argsort(-row)[:top]
        out.append([(tokenizer.convert_ids_to_tokens(int(i)), float(row[i])) for i in best])
    return out


# --- one cross-attention head's own numbers ---------------------------------------------------------


@dataclass(frozen=True)
class CrossHeadVectors:
    """One cross-attention head of a translation: the decoder steps' queries, the source's keys
    and values, as the head's own projections make them."""

    q: np.ndarray  # (decoder steps, d_head): before Marian's 1/sqrt(d_head) factor
    k: np.ndarray  # (source tokens, d_head)
    v: np.ndarray  # (source tokens, d_head)
    weights: np.ndarray  # (decoder steps, source tokens): softmax of these q and k
    model_weights: np.ndarray  # the same, as the model's own forward pass gave them
    scaled: bool  # the scores were divided by sqrt(d_head) (Marian) or not (T5)

    @property
    def d_head(self) -> int:
        return int(self.q.shape[-1])


_capture_lock = threading.Lock()  # one capture at a time: it wraps a layer shared by sessions


def _cross_attention_layer(model, layer: int):
    """The cross-attention sub-layer of decoder layer ``layer`` and its q, k, v projections."""
    if model.config.model_type == "t5":
        attention = model.decoder.block[layer].layer[1].EncDecAttention
        return attention, attention.q, attention.k, attention.v
    attention = model.model.decoder.layers[layer].encoder_attn
    return attention, attention.q_proj, attention.k_proj, attention.v_proj


def cross_head_vectors(
    translator: Translator, text: str, output_ids: list[int], layer: int, head: int
) -> CrossHeadVectors:
    """Q of the decoder steps and K, V of the source for one cross-attention head, from the inputs
    the head received in a forward pass (captured as it ran); their softmax equals the model's."""
    model = translator.model
    if not 0 <= layer < translator.layers:
        raise NlpError("bad_layer", f"There is no layer {layer + 1}.", layer=layer)
    if not 0 <= head < translator.heads:
        raise NlpError("bad_head", f"There is no head {head + 1}.", head=head)
    attention, q_proj, k_proj, v_proj = _cross_attention_layer(model, layer)
    seen_inputs: dict[str, object] = {}
    me = threading.get_ident()
    original = attention.call

    def recording_call(hidden_states, *args, **kwargs):
        if threading.get_ident() == me and "query" not in seen_inputs:
            seen_inputs["query"], seen_inputs["source"] = hidden_states, kwargs.get("key_value_states")
        return original(hidden_states, *args, **kwargs)

    with _capture_lock:
        attention.call = recording_call  # Keras calls the instance's ``call``: no other hook exists
        try:
            seen = forward(translator, text, output_ids)
        finally:
            del attention.call  # back to the class's method
    heads, d_head = translator.heads, attention_head_size(model)

    def split(projected) -> np.ndarray:  # (1, n, heads * d_head) -> (n, d_head) of this head
        values = np.asarray(projected, np.float64)[0]
        return values.reshape(values.shape[0], heads, d_head)[:, head, :]

    q = split(q_proj(seen_inputs["query"]))
    k, v = split(k_proj(seen_inputs["source"])), split(v_proj(seen_inputs["source"]))
    scores = q @ k.T / (np.sqrt(d_head) if translator.scaled else 1.0)
    scores -= scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
    return CrossHeadVectors(
        q=q,
        k=k,
        v=v,
        weights=weights,
        model_weights=seen.cross[layer, head].astype(np.float64),
        scaled=translator.scaled,
    )


def attention_head_size(model) -> int:
    config = model.config
    if config.model_type == "t5":
        return int(config.d_kv)
    return int(config.d_model // config.decoder_attention_heads)
