"""Inside the model: each layer's hidden states, and one head's own query, key and value vectors.

The heatmap page shows what a head *decided* (its weights); this module gives what it computed
them from, with the model's own numbers:

- :func:`layer_states`: one forward pass that keeps the hidden state of every token after the
  embeddings and after each layer (``output_hidden_states``) and every attention matrix.
- :func:`head_vectors`: for layer ``l`` and head ``h``, the input of that layer (hidden state
  ``l``) through the layer's own query, key and value projections (``x W + b``), cut to the head's
  ``d_head`` columns. ``scaled_dot_product_attention(q, k, v)`` on them (the playground's own
  formula, :mod:`attnviz.core.attention`) gives back the model's attention row for that head; the
  tests check it to 1e-5.

The projections are found by architecture: BERT-like encoders (BERT, MiniLM, RoBERTa, ELECTRA:
``encoder.layer[l].attention.self_attention.query/key/value``) and DistilBERT
(``transformer.layer[l].attention.q_lin/k_lin/v_lin``). :class:`HeadVectors` is not tied to
self-attention: ``kind`` says "self", "causal" (a decoder's mask: the lower triangle) or "cross"
(queries from one sequence, keys and values from another), so the translation and generation
pages fill it from their own layers with :func:`head_vectors_from`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attnviz.core.attention import AttentionSteps, scaled_dot_product_attention
from attnviz.nlp.errors import NlpError
from attnviz.nlp.loading import LoadedModel

KINDS = ("self", "causal", "cross")


@dataclass(frozen=True)
class LayerStates:
    tokens: list[str]  # the tokenizer's pieces, special tokens included
    hidden: np.ndarray  # float32 (layers + 1, T, hidden): embeddings' output, then each layer's
    attentions: np.ndarray | None  # float32 (layers, heads, T, T), the model's own weights (if kept)

    @property
    def num_layers(self) -> int:
        return self.hidden.shape[0] - 1


@dataclass(frozen=True)
class HeadVectors:
    """One head's inputs and the model's own answer, ready for the playground's formula."""

    layer: int
    head: int
    query_tokens: list[str]
    key_tokens: list[str]
    q: np.ndarray  # float64 (T_q, d_head)
    k: np.ndarray  # float64 (T_k, d_head)
    v: np.ndarray  # float64 (T_k, d_head)
    allowed: np.ndarray  # bool (T_q, T_k): padding or the causal mask
    model_weights: np.ndarray  # float64 (T_q, T_k): the attention the model returned
    kind: str = "self"

    @property
    def d_head(self) -> int:
        return self.q.shape[1]

    def steps(self) -> AttentionSteps:
        """softmax(q k^T / sqrt(d_head) + mask) v: every step, as the playground computes it."""
        return scaled_dot_product_attention(self.q, self.k, self.v, allowed=self.allowed)

    def largest_difference(self) -> float:
        """How far the recomputed weights are from the model's (float32 rounding: ~1e-7)."""
        return float(np.abs(self.steps().weights - self.model_weights).max())


@dataclass(frozen=True)
class Projection:
    """A dense layer's kernel (in, out) and bias (out,), as numpy."""

    kernel: np.ndarray
    bias: np.ndarray

    def heads(self, x: np.ndarray, n_heads: int) -> np.ndarray:
        """(T, in) -> (heads, T, d_head)."""
        out = np.asarray(x, np.float64) @ self.kernel.astype(np.float64) + self.bias.astype(np.float64)
        t, width = out.shape
        return out.reshape(t, n_heads, width // n_heads).transpose(1, 0, 2)


def _dense(layer) -> Projection:
    return Projection(np.asarray(layer.kernel.numpy()), np.asarray(layer.bias.numpy()))


def _main_layer(model):
    main = getattr(model, getattr(model, "base_model_prefix", ""), None)
    if main is None:
        raise NlpError("inside_unsupported", "This model's layers cannot be opened here.")
    return main


def attention_projections(loaded: LoadedModel, layer: int) -> tuple[Projection, Projection, Projection]:
    """The (query, key, value) projections of ``layer`` of an encoder the app can load."""
    main = _main_layer(loaded.model)
    if not 0 <= layer < loaded.num_layers:
        raise NlpError("bad_layer", f"Layer {layer + 1} does not exist (the model has {loaded.num_layers}).")
    if hasattr(main, "transformer"):  # DistilBERT
        block = main.transformer.layer[layer].attention
        return _dense(block.q_lin), _dense(block.k_lin), _dense(block.v_lin)
    encoder = getattr(main, "encoder", None)
    if encoder is not None and hasattr(encoder, "layer"):
        block = encoder.layer[layer].attention.self_attention
        return _dense(block.query), _dense(block.key), _dense(block.value)
    raise NlpError("inside_unsupported", "This model's layers cannot be opened here.")


def layer_states(
    loaded: LoadedModel, text: str, max_length: int = 512, *, keep_attentions: bool = True
) -> LayerStates:
    """One forward pass over ``text`` (cut to ``max_length`` tokens) keeping every hidden state
    (and every attention matrix unless ``keep_attentions`` is False: the heatmap page has them)."""
    if not str(text).strip():
        raise NlpError("empty_text", "The text is empty.")
    tokenizer = loaded.tokenizer
    encoded, inputs = _model_inputs(loaded, str(text), max_length)
    result = loaded.model(inputs, output_hidden_states=True, output_attentions=True, training=False)
    hidden = np.stack([np.asarray(h)[0] for h in result.hidden_states]).astype(np.float32)
    attentions = (
        np.stack([np.asarray(a)[0] for a in result.attentions]).astype(np.float32)
        if keep_attentions
        else None
    )
    tokens = tokenizer.convert_ids_to_tokens([int(i) for i in encoded["input_ids"][0]])
    return LayerStates(tokens=tokens, hidden=hidden, attentions=attentions)


def _model_inputs(loaded: LoadedModel, texts, max_length: int):
    """(the tokenizer's output, the model's inputs) for a text or a batch (padded), cut to
    ``max_length`` tokens; segment ids only for a model that takes them."""
    import inspect

    encoded = loaded.tokenizer(
        texts,
        truncation=True,
        max_length=min(int(max_length), loaded.max_length),
        padding=True,
        return_tensors="np",
    )
    inputs = {"input_ids": encoded["input_ids"], "attention_mask": encoded["attention_mask"]}
    if "token_type_ids" in encoded and "token_type_ids" in inspect.signature(loaded.model.call).parameters:
        inputs["token_type_ids"] = encoded["token_type_ids"]
    return encoded, inputs


def head_vectors(
    loaded: LoadedModel, states: LayerStates, layer: int, head: int, model_weights: np.ndarray | None = None
) -> HeadVectors:
    """Self-attention of ``layer``/``head`` over one text (no padding: every key is allowed);
    ``model_weights`` (T, T): the model's attention for that head, else taken from ``states``."""
    if not 0 <= head < loaded.num_heads:
        raise NlpError("bad_head", f"Head {head + 1} does not exist (the model has {loaded.num_heads}).")
    projections = attention_projections(loaded, layer)
    x = states.hidden[layer]
    n = len(states.tokens)
    return head_vectors_from(
        x,
        x,
        projections,
        loaded.num_heads,
        layer=layer,
        head=head,
        query_tokens=states.tokens,
        key_tokens=states.tokens,
        allowed=np.ones((n, n), dtype=bool),
        model_weights=states.attentions[layer, head] if model_weights is None else model_weights,
        kind="self",
    )


def head_vectors_from(
    query_states: np.ndarray,
    key_states: np.ndarray,
    projections: tuple[Projection, Projection, Projection],
    n_heads: int,
    *,
    layer: int,
    head: int,
    query_tokens: list[str],
    key_tokens: list[str],
    allowed: np.ndarray,
    model_weights: np.ndarray,
    kind: str = "self",
) -> HeadVectors:
    """Any attention kind: queries from ``query_states`` (T_q, hidden), keys and values from
    ``key_states`` (T_k, hidden; the same array for self-attention, the encoder's output for
    cross-attention), through the layer's three projections."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}; got {kind!r}")
    wq, wk, wv = projections
    return HeadVectors(
        layer=layer,
        head=head,
        query_tokens=list(query_tokens),
        key_tokens=list(key_tokens),
        q=wq.heads(query_states, n_heads)[head],
        k=wk.heads(key_states, n_heads)[head],
        v=wv.heads(key_states, n_heads)[head],
        allowed=np.asarray(allowed, dtype=bool),
        model_weights=np.asarray(model_weights, dtype=np.float64),
        kind=kind,
    )


def cls_vectors(
    loaded: LoadedModel,
    texts: list[str],
    *,
    batch_size: int = 16,
    max_length: int = 128,
    progress=None,
) -> np.ndarray:
    """The last layer's [CLS] (first-token) hidden state of each text, float32 (N, hidden): what
    the classifier reads. ``progress(done, total)`` after each batch."""
    texts = [str(text) for text in texts]
    if not texts:
        raise NlpError("empty_text", "There are no texts.")
    out = []
    for start in range(0, len(texts), batch_size):
        _, inputs = _model_inputs(loaded, texts[start : start + batch_size], max_length)
        result = loaded.model(inputs, output_hidden_states=True, training=False)
        out.append(np.asarray(result.hidden_states[-1])[:, 0, :].astype(np.float32))
        if progress is not None:
            progress(min(start + batch_size, len(texts)), len(texts))
    return np.concatenate(out)
