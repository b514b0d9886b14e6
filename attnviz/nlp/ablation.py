"""Head ablation in TensorFlow: switch attention heads off and see what the model predicts then.

transformers 4.57's TF DistilBERT, BERT and RoBERTa raise ``NotImplementedError`` for
``head_mask``, so we do it ourselves, at the place the numpy reference
(:mod:`attnviz.core.head_ablation`) describes: the input of each layer's attention output
projection (DistilBERT ``attention.out_lin``, BERT/RoBERTa ``attention.output.dense``, in TF
``attention.dense_output.dense``) holds the heads' context vectors side by side, head h in columns
``h*d:(h+1)*d``. Multiplying that input by a 0/1 gate per head removes exactly the switched-off
heads' terms from the projection (its bias stays), as zeroing the kernel rows would.

The model is shared by every session, so its weights are never touched. Instead, each output
projection gets a thin pass-through wrapper around its ``call``: it multiplies by the gates only
while :class:`HeadAblator` traces its own ``tf.function`` (the gates are a graph input there; a
context variable says so at trace time). Every other graph, including the attention extractor's
compiled forward pass, traced before or after, sees the layer unchanged. The wrapper is installed
once per model, under a lock.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from attnviz.nlp.catalog import QUESTION_ANSWERING
from attnviz.nlp.errors import NlpError
from attnviz.nlp.loading import LoadedModel

__all__ = ["AblationResult", "HeadAblator", "ProjectionTrace", "head_gates", "output_projections"]

# While set (a (layers, heads) float tensor), wrapped projections gate their input per head.
_GATES: contextvars.ContextVar = contextvars.ContextVar("attnviz_head_gates", default=None)
# While set (a list), wrapped projections running eagerly append (layer, input, output) to it.
_CAPTURE: contextvars.ContextVar = contextvars.ContextVar("attnviz_projection_capture", default=None)
_INSTALL_LOCK = threading.Lock()
_WRAPPED_MARK = "_attnviz_head_gate"


@dataclass(frozen=True)
class AblationResult:
    heads_off: tuple[tuple[int, int], ...]  # (layer, head), 0-based, sorted
    probabilities: np.ndarray  # (num_labels,)
    logits: np.ndarray
    label_id: int
    label: str
    attentions: np.ndarray  # (layers, heads, T, T) of the ablated model


@dataclass(frozen=True)
class ProjectionTrace:
    """One layer's output projection, as run: its input (the heads' contexts side by side, before
    gating), its output, and its weights (Keras kernel, in x out)."""

    layer: int
    context: np.ndarray  # (T, H*d)
    output: np.ndarray  # (T, d_model)
    kernel: np.ndarray  # (H*d, d_model)
    bias: np.ndarray  # (d_model,)


def output_projections(model) -> list:
    """The attention output projection (a Keras ``Dense``) of every layer, first layer first."""
    config = model.config
    base = getattr(model, model.base_model_prefix, None)
    try:
        if config.model_type == "distilbert":
            return [layer.attention.out_lin for layer in base.transformer.layer]
        if config.model_type in ("bert", "roberta", "xlm-roberta", "camembert"):
            return [layer.attention.dense_output.dense for layer in base.encoder.layer]
    except AttributeError:
        pass
    raise NlpError(
        "ablation_unsupported",
        f"Switching heads off is not available for '{config.model_type}' models.",
        architecture=config.model_type,
    )


def head_gates(heads_off: Iterable[Sequence[int]], num_layers: int, num_heads: int) -> np.ndarray:
    """(layers, heads) float32: 0 for the heads switched off, 1 elsewhere."""
    gates = np.ones((num_layers, num_heads), np.float32)
    for layer, head in _sorted_heads(heads_off, num_layers, num_heads):
        gates[layer, head] = 0.0
    return gates


def _sorted_heads(heads_off, num_layers: int, num_heads: int) -> tuple[tuple[int, int], ...]:
    heads = sorted({(int(layer), int(head)) for layer, head in heads_off})
    for layer, head in heads:
        if not (0 <= layer < num_layers and 0 <= head < num_heads):
            raise ValueError(f"head ({layer}, {head}) outside a model of {num_layers} x {num_heads} heads")
    return tuple(heads)


def _install(model, num_heads: int) -> list:
    """Wrap each output projection's ``call`` once (idempotent, thread-safe)."""
    import tensorflow as tf

    projections = output_projections(model)
    with _INSTALL_LOCK:
        for index, dense in enumerate(projections):
            if getattr(dense, _WRAPPED_MARK, False):
                continue
            original = dense.call
            width = int(dense.kernel.shape[0])
            if width % num_heads:
                raise NlpError(
                    "ablation_unsupported",
                    f"{width} columns do not split into {num_heads} heads.",
                    architecture=model.config.model_type,
                )

            def gated(inputs, *args, _original=original, _layer=index, _d=width // num_heads, **kwargs):
                gates = _GATES.get()
                gated_inputs = inputs
                if gates is not None:
                    gate = tf.repeat(tf.cast(gates[_layer], inputs.dtype), _d)  # (H*d,)
                    gated_inputs = inputs * gate
                outputs = _original(gated_inputs, *args, **kwargs)
                capture = _CAPTURE.get()
                if capture is not None and tf.executing_eagerly():
                    capture.append((_layer, inputs, outputs))
                return outputs

            dense.call = tf.autograph.experimental.do_not_convert(gated)
            object.__setattr__(dense, _WRAPPED_MARK, True)
    return projections


class HeadAblator:
    """``ablator(token_ids, heads_off)`` -> :class:`AblationResult`: the classifier's prediction
    (and attention) with the given heads switched off, for the tokens of an
    :class:`~attnviz.nlp.attention.AttentionOutput` (``output.token_ids``), so both runs see the
    very same tokens. One compiled forward pass (gates are an input), traced once at creation.
    Thread-safe; the shared model's weights are never changed."""

    def __init__(self, loaded: LoadedModel):
        import tensorflow as tf

        if loaded.task == QUESTION_ANSWERING:
            raise NlpError(
                "ablation_unsupported",
                "Head ablation is offered for classifiers only.",
                architecture=loaded.architecture,
            )
        self.loaded = loaded
        self.projections = _install(loaded.model, loaded.num_heads)
        self._uses_type_ids = "token_type_ids" in loaded.tokenizer.model_input_names
        ids = tf.TensorSpec([None, None], tf.int32)
        gates = tf.TensorSpec([loaded.num_layers, loaded.num_heads], tf.float32)
        signature = [ids, ids, gates] + ([ids] if self._uses_type_ids else [])
        self._forward = tf.function(self._forward_eager, input_signature=signature)
        warm = [loaded.tokenizer.cls_token_id or 0, loaded.tokenizer.sep_token_id or 0]
        self(warm, [])

    @property
    def tracing_count(self) -> int:
        return self._forward.experimental_get_tracing_count()

    def _forward_eager(self, input_ids, attention_mask, gates, token_type_ids=None):
        import tensorflow as tf

        inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None:
            inputs["token_type_ids"] = token_type_ids
        token = _GATES.set(gates)
        try:
            result = self.loaded.model(inputs, output_attentions=True, training=False)
        finally:
            _GATES.reset(token)
        return result.logits, tf.stack(result.attentions)

    def _arrays(self, token_ids: Sequence[int], sequence_ids: Sequence[int | None] | None):
        ids = np.asarray([list(token_ids)], np.int32)
        if ids.shape[1] == 0:
            raise NlpError("empty_text", "The text is empty.")
        arrays = [ids, np.ones_like(ids)]
        types = None
        if self._uses_type_ids:
            seq = list(sequence_ids) if sequence_ids else [0] * ids.shape[1]
            types = np.asarray([[1 if s == 1 else 0 for s in seq]], np.int32)
        return arrays, types

    def __call__(
        self,
        token_ids: Sequence[int],
        heads_off: Iterable[Sequence[int]] = (),
        sequence_ids: Sequence[int | None] | None = None,
    ) -> AblationResult:
        loaded = self.loaded
        heads = _sorted_heads(heads_off, loaded.num_layers, loaded.num_heads)
        gates = head_gates(heads, loaded.num_layers, loaded.num_heads)
        (ids, mask), types = self._arrays(token_ids, sequence_ids)
        args = [ids, mask, gates] + ([types] if types is not None else [])
        logits, attentions = self._forward(*args)
        logits = logits.numpy()[0].astype(np.float32)
        shifted = np.exp(logits.astype(np.float64) - logits.max())
        label_id = int(np.argmax(logits))
        return AblationResult(
            heads_off=heads,
            probabilities=(shifted / shifted.sum()).astype(np.float32),
            logits=logits,
            label_id=label_id,
            label=loaded.id2label.get(label_id, str(label_id)),
            attentions=np.ascontiguousarray(attentions.numpy()[:, 0], dtype=np.float32),
        )

    def projection_trace(
        self,
        token_ids: Sequence[int],
        heads_off: Iterable[Sequence[int]] = (),
        sequence_ids: Sequence[int | None] | None = None,
    ) -> list[ProjectionTrace]:
        """Run eagerly (slow; for tests and teaching) and return every layer's output projection
        input and output, with the given heads switched off."""
        import tensorflow as tf

        loaded = self.loaded
        heads = _sorted_heads(heads_off, loaded.num_layers, loaded.num_heads)
        gates = tf.constant(head_gates(heads, loaded.num_layers, loaded.num_heads))
        (ids, mask), types = self._arrays(token_ids, sequence_ids)
        captured: list = []
        capture_token = _CAPTURE.set(captured)
        try:
            self._forward_eager(
                tf.constant(ids), tf.constant(mask), gates, None if types is None else tf.constant(types)
            )
        finally:
            _CAPTURE.reset(capture_token)
        out = []
        for layer, inputs, outputs in captured:
            dense = self.projections[layer]
            out.append(
                ProjectionTrace(
                    layer=layer,
                    context=inputs.numpy()[0].astype(np.float64),
                    output=outputs.numpy()[0].astype(np.float64),
                    kernel=dense.kernel.numpy().astype(np.float64),
                    bias=dense.bias.numpy().astype(np.float64),
                )
            )
        return out
