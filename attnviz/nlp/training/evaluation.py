"""Evaluation of a classifier on a labelled split: accuracy, loss, per-class precision / recall / F1,
the confusion matrix, and the examples it got most wrong.

:func:`metrics_from_probabilities` is plain numpy (tested against hand-computed values);
:func:`evaluate_tokens` runs the model (TensorFlow) over batches sorted by length, compiled once for any length.
"""

from __future__ import annotations

import numpy as np

MAX_EXAMPLES = 200


def metrics_from_probabilities(
    labels,
    probabilities,
    label_names: list[str],
    texts: list[str] | None = None,
    *,
    max_examples: int = MAX_EXAMPLES,
) -> dict:
    """Everything the page and ``evaluate --json`` show, from true labels (N,) and probabilities (N, C).

    ``confusion[i][j]`` counts examples of true class i predicted as j. Precision of a class never
    predicted is 0 (as scikit-learn's ``zero_division=0``). ``examples``: mistakes first, the most
    confident mistakes first; then correct answers, the least sure first."""
    labels = np.asarray(labels, np.int64)
    probs = np.asarray(probabilities, np.float64)
    n_classes = len(label_names)
    if probs.ndim != 2 or probs.shape != (len(labels), n_classes):
        raise ValueError(
            f"probabilities must be (N, {n_classes}); got {probs.shape} for {len(labels)} labels"
        )
    predicted = probs.argmax(axis=1) if len(labels) else np.zeros(0, np.int64)
    confusion = np.zeros((n_classes, n_classes), np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    true_counts = confusion.sum(axis=1)
    predicted_counts = confusion.sum(axis=0)
    hits = np.diag(confusion)
    precision = np.divide(hits, predicted_counts, out=np.zeros(n_classes), where=predicted_counts > 0)
    recall = np.divide(hits, true_counts, out=np.zeros(n_classes), where=true_counts > 0)
    denominator = precision + recall
    f1 = np.divide(2 * precision * recall, denominator, out=np.zeros(n_classes), where=denominator > 0)
    total = int(len(labels))
    true_probability = probs[np.arange(total), labels] if total else np.zeros(0)
    loss = float(-np.mean(np.log(np.clip(true_probability, 1e-12, 1.0)))) if total else float("nan")
    present = true_counts > 0
    result = {
        "count": total,
        "accuracy": float(hits.sum() / total) if total else float("nan"),
        "loss": loss,
        "label_names": list(label_names),
        "per_class": [
            {
                "label": label_names[i],
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "f1": float(f1[i]),
                "support": int(true_counts[i]),
            }
            for i in range(n_classes)
        ],
        "macro_f1": float(f1[present].mean()) if present.any() else float("nan"),
        "confusion": confusion.tolist(),
    }
    if texts is not None:
        wrong = predicted != labels
        confidence = probs[np.arange(total), predicted] if total else np.zeros(0)
        # mistakes by confidence in the wrong answer (desc), then correct ones by confidence (asc)
        order = np.lexsort((np.where(wrong, -confidence, true_probability), ~wrong))
        result["examples"] = [
            {
                "text": str(texts[i]),
                "label": label_names[labels[i]],
                "predicted": label_names[predicted[i]],
                "probability": float(confidence[i]),
                "true_probability": float(true_probability[i]),
                "correct": bool(not wrong[i]),
            }
            for i in order[:max_examples]
        ]
    return result


class Predictor:
    """Class probabilities for batches of token ids, through a ``tf.function`` traced once for any
    batch size and length (padding keys are masked by the model)."""

    def __init__(self, model):
        import tensorflow as tf

        self.model = model
        spec = tf.TensorSpec([None, None], tf.int32)
        self._forward = tf.function(self._probabilities, input_signature=[spec, spec])

    def _probabilities(self, input_ids, attention_mask):
        import tensorflow as tf

        logits = self.model({"input_ids": input_ids, "attention_mask": attention_mask}, training=False).logits
        return tf.nn.softmax(logits, axis=-1)

    def probabilities(self, input_ids, attention_mask) -> np.ndarray:
        """Class probabilities (batch, classes) of one padded batch of token ids."""
        return self._forward(tf_int32(input_ids), tf_int32(attention_mask)).numpy()

    def __call__(self, data, stop=None) -> tuple[np.ndarray, np.ndarray]:
        """(labels, probabilities) over a batched ``tf.data`` set of ``(features, labels)``.
        ``stop()`` returning True ends early (what was done so far is returned)."""
        labels, probs = [], []
        for features, y in data:
            probs.append(self.probabilities(features["input_ids"], features["attention_mask"]))
            labels.append(np.asarray(y))
            if stop is not None and stop():
                break
        if not probs:
            return np.zeros(0, np.int64), np.zeros((0, 0), np.float32)
        return np.concatenate(labels).astype(np.int64), np.concatenate(probs)


def tf_int32(tensor):
    import tensorflow as tf

    return tf.cast(tensor, tf.int32)


def evaluate_tokens(
    predictor: Predictor,
    split,
    label_names: list[str],
    pad_id: int,
    batch_size: int = 32,
    *,
    with_examples: bool = False,
    stop=None,
) -> dict | None:
    """The metrics of a tokenised split (:class:`~.batches.TokenizedSplit`), its texts sorted by
    length so that batches carry little padding. None when ``stop()`` ended it early."""
    from attnviz.nlp.training.batches import evaluation_batches

    data, order = evaluation_batches(split, batch_size, pad_id)
    labels, probs = predictor(data, stop=stop)
    if len(labels) < len(split):
        return None
    texts = [split.texts[i] for i in order] if with_examples and split.texts else None
    return metrics_from_probabilities(labels, probs, label_names, texts)


def tokenized_split(dataset, tokenizer, max_length: int, truncation: str = "head", progress=None):
    """A ``datasets`` split with ``text`` and ``label`` columns as a :class:`~.batches.TokenizedSplit`."""
    from attnviz.nlp.tokenize import encode_texts
    from attnviz.nlp.training.batches import TokenizedSplit

    texts = [str(text) for text in dataset["text"]]
    ids = encode_texts(tokenizer, texts, max_length, truncation, progress=progress)
    return TokenizedSplit(ids, np.asarray(dataset["label"], np.int64), texts)


def evaluate_split(
    model,
    tokenizer,
    split,
    label_names: list[str],
    max_length: int,
    batch_size: int = 32,
    *,
    truncation: str = "head",
    predictor: Predictor | None = None,
    with_examples: bool = True,
    progress=None,
) -> dict:
    """The metrics of a ``datasets`` split (the command line's ``evaluate``). ``progress(done, total)``
    is told the examples scored so far."""
    from attnviz.nlp.training.trainer import pad_id

    tokens = tokenized_split(split, tokenizer, max_length, truncation)
    predictor = predictor or Predictor(model)
    done = [0]

    def count() -> bool:
        done[0] = min(len(tokens), done[0] + batch_size)
        if progress is not None:
            progress(done[0], len(tokens))
        return False

    return evaluate_tokens(
        predictor, tokens, label_names, pad_id(tokenizer), batch_size, with_examples=with_examples, stop=count
    )
