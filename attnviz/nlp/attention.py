"""Attention extraction: text in, every layer's and head's attention out, as the model computed it.

The forward pass is a ``tf.function`` with an input signature of unknown batch size and length,
traced once (at creation, as warm-up): no retracing for a new text length, and a single text runs
without padding. Batches (:meth:`AttentionExtractor.batch`) pad to their longest text; the padding is
cut off again, and padding keys get weight 0 from the model's own mask.
"""

from __future__ import annotations

import inspect
import threading
from dataclasses import dataclass, field

import numpy as np

from attnviz.nlp.catalog import QUESTION_ANSWERING
from attnviz.nlp.errors import NlpError
from attnviz.nlp.loading import LoadedModel

WARM_UP_TEXT = "attention warms up"


@dataclass(frozen=True)
class AttentionOutput:
    tokens: list[str]  # tokenizer strings, special tokens included, no padding
    word_ids: list[int | None]  # word index per token (within its own text), None for special tokens
    attentions: np.ndarray  # float32 (layers, heads, T, T); row i = where token i looks
    probabilities: np.ndarray  # (num_labels,) softmax of the logits; empty for question answering
    label_id: int  # argmax; -1 for question answering
    label: str  # its name; "" for question answering
    truncated_tokens: int  # tokens cut beyond max_length (0 if none)
    token_ids: list[int] = field(default_factory=list)
    sequence_ids: list[int | None] = field(default_factory=list)  # 0 = text, 1 = text_pair, None = special
    offsets: list[tuple[int, int]] = field(default_factory=list)  # character span of each token in its text
    logits: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    start_logits: np.ndarray | None = None  # question answering: (T,) answer start scores
    end_logits: np.ndarray | None = None

    @property
    def num_layers(self) -> int:
        return int(self.attentions.shape[0])

    @property
    def num_heads(self) -> int:
        return int(self.attentions.shape[1])

    def to_json_dict(self) -> dict:
        """The command line's JSON: attentions as nested lists, float32 values written exactly."""
        return {
            "tokens": self.tokens,
            "attentions": self.attentions.tolist(),
            "label": self.label,
            "label_id": self.label_id,
            "probabilities": self.probabilities.tolist(),
            "word_ids": self.word_ids,
            "truncated_tokens": self.truncated_tokens,
        }


class AttentionExtractor:
    """Callable: ``extractor(text)`` or ``extractor(question, context)`` -> :class:`AttentionOutput`.

    Thread-safe: tokenisation is serialised (fast tokenizers keep truncation state), the compiled
    forward pass is not.
    """

    def __init__(self, loaded: LoadedModel, max_length: int = 512):
        import tensorflow as tf

        self.loaded = loaded
        self.max_length = max(2, min(int(max_length), loaded.max_length))
        self._tokenizer_lock = threading.Lock()
        # Segment ids only where both sides know them: a BERT tokenizer may serve a DistilBERT model.
        self._uses_type_ids = (
            "token_type_ids" in loaded.tokenizer.model_input_names
            and "token_type_ids" in inspect.signature(loaded.model.call).parameters
        )
        spec = tf.TensorSpec([None, None], tf.int32)
        signature = [spec, spec, spec] if self._uses_type_ids else [spec, spec]
        self._forward = tf.function(self._forward_eager, input_signature=signature)
        self(WARM_UP_TEXT, WARM_UP_TEXT if loaded.task == QUESTION_ANSWERING else None)

    @property
    def tracing_count(self) -> int:
        """How many times the forward pass was traced (1 after warm-up, whatever the lengths since)."""
        return self._forward.experimental_get_tracing_count()

    def __call__(self, text: str, text_pair: str | None = None) -> AttentionOutput:
        return self.batch([text], None if text_pair is None else [text_pair])[0]

    def cut_to(self, text: str, limit: int) -> tuple[str, int]:
        """(the start of ``text`` that fits ``limit`` tokens with the special ones, the whole text's
        token count), from the tokenizer alone: a long text then goes through the model once, cut."""
        tokenizer = self.loaded.tokenizer
        with self._tokenizer_lock:
            full = tokenizer(text, truncation=False, verbose=False, return_offsets_mapping=True)
        total = len(full["input_ids"])
        if total <= limit:
            return text, total
        positions = [i for i, s in enumerate(full.sequence_ids()) if s == 0]
        keep = max(1, min(len(positions), limit - (total - len(positions))))
        return text[: full["offset_mapping"][positions[keep - 1]][1]], total

    def batch(self, texts: list[str], text_pairs: list[str] | None = None) -> list[AttentionOutput]:
        """Several texts in one forward pass, padded to the longest; each output without padding."""
        texts = list(texts)
        pairs = list(text_pairs) if text_pairs is not None else None
        if not texts or any(not str(t).strip() for t in texts + (pairs or [])):
            raise NlpError("empty_text", "The text is empty.")
        encoded, lengths, truncated = self._encode(texts, pairs)
        arrays = [np.asarray(encoded["input_ids"], np.int32), np.asarray(encoded["attention_mask"], np.int32)]
        if self._uses_type_ids:
            arrays.append(np.asarray(encoded["token_type_ids"], np.int32))
        heads_out, attentions = self._forward(*arrays)
        attentions = attentions.numpy()  # (layers, batch, heads, T, T)
        heads_out = [h.numpy() for h in heads_out]
        return [
            self._output(encoded, i, n, truncated[i], attentions[:, i, :, :n, :n], [h[i] for h in heads_out])
            for i, n in enumerate(lengths)
        ]

    def _forward_eager(self, input_ids, attention_mask, token_type_ids=None):
        import tensorflow as tf

        inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None:
            inputs["token_type_ids"] = token_type_ids
        result = self.loaded.model(inputs, output_attentions=True, training=False)
        if self.loaded.task == QUESTION_ANSWERING:
            heads_out = (result.start_logits, result.end_logits)
        else:
            heads_out = (result.logits,)
        return heads_out, tf.stack(result.attentions)

    def _encode(self, texts, pairs):
        tokenizer = self.loaded.tokenizer
        with self._tokenizer_lock:
            full = tokenizer(texts, pairs, truncation=False, verbose=False)["input_ids"]
            truncation = "only_second" if pairs is not None else True
            try:
                encoded = tokenizer(
                    texts,
                    pairs,
                    truncation=truncation,
                    max_length=self.max_length,
                    padding=True,
                    return_offsets_mapping=True,
                )
            except Exception:  # noqa: BLE001 - the question alone is longer than max_length: cut both
                encoded = tokenizer(
                    texts,
                    pairs,
                    truncation="longest_first",
                    max_length=self.max_length,
                    padding=True,
                    return_offsets_mapping=True,
                )
        lengths = [int(sum(mask)) for mask in encoded["attention_mask"]]
        truncated = [max(0, len(ids) - n) for ids, n in zip(full, lengths)]
        return encoded, lengths, truncated

    def _output(self, encoded, i, n, truncated, attentions, heads_out) -> AttentionOutput:
        ids = list(encoded["input_ids"][i][:n])
        # Right padding for every model we load, so the first n positions are the text.
        tokens = self.loaded.tokenizer.convert_ids_to_tokens(ids)
        common = dict(
            tokens=tokens,
            word_ids=list(encoded.word_ids(i)[:n]),
            attentions=np.ascontiguousarray(attentions, dtype=np.float32),
            truncated_tokens=truncated,
            token_ids=[int(x) for x in ids],
            sequence_ids=list(encoded.sequence_ids(i)[:n]),
            offsets=[(int(a), int(b)) for a, b in encoded["offset_mapping"][i][:n]],
        )
        if self.loaded.task == QUESTION_ANSWERING:
            start, end = heads_out
            return AttentionOutput(
                probabilities=np.zeros(0, np.float32),
                label_id=-1,
                label="",
                start_logits=start[:n].astype(np.float32),
                end_logits=end[:n].astype(np.float32),
                **common,
            )
        logits = heads_out[0].astype(np.float32)
        shifted = np.exp(logits.astype(np.float64) - logits.max())
        probabilities = (shifted / shifted.sum()).astype(np.float32)
        label_id = int(np.argmax(logits))
        return AttentionOutput(
            probabilities=probabilities,
            label_id=label_id,
            label=self.loaded.id2label.get(label_id, str(label_id)),
            logits=logits,
            **common,
        )
