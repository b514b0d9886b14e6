"""The course notebook's recipe, written by hand as the notebook writes it: tokenise with
``padding="max_length"`` and truncation, every layer trains, Adam at 5e-5, ``fit`` for 2 epochs.
It is what the fine-tuning page's defaults are measured against."""

from __future__ import annotations

import time

import numpy as np

from attnviz.benchmarks.shared_data import Corpus


def course_recipe(
    model_dir,
    corpus: Corpus,
    *,
    train_rows: int = 800,
    max_length: int = 128,
    epochs: int = 2,
    batch_size: int = 16,
    learning_rate: float = 5e-5,
    seed: int = 42,
) -> dict:
    """Seconds of tokenising + ``fit`` (the held-out evaluation after each epoch is not counted)
    and the held-out accuracy after each epoch."""
    import tensorflow as tf

    from attnviz.nlp.loading import load_classifier

    rows = corpus.pool[:train_rows]
    names = sorted({label for _, label in corpus.pool})
    loaded = load_classifier(model_dir, num_labels=len(names), id2label=dict(enumerate(names)))
    model, tokenizer = loaded.model, loaded.tokenizer
    tf.keras.utils.set_random_seed(seed)
    started = time.perf_counter()
    encoded = tokenizer(
        [t for t, _ in rows],
        padding="max_length",
        truncation=True,
        max_length=max_length,
        return_tensors="np",
    )
    labels = np.asarray([names.index(label) for _, label in rows])
    batches = (
        tf.data.Dataset.from_tensor_slices((dict(encoded), labels))
        .shuffle(len(rows), seed=seed)
        .batch(batch_size)
    )
    model.compile(
        optimizer=tf.keras.optimizers.Adam(learning_rate=learning_rate),
        loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    tokenize_seconds = time.perf_counter() - started
    held_texts = [t for t, _ in corpus.held_out]
    held_labels = np.asarray([names.index(label) for _, label in corpus.held_out])
    held = tokenizer(
        held_texts, padding="max_length", truncation=True, max_length=max_length, return_tensors="np"
    )
    epochs_done: list[dict] = []
    clock = {"fit": tokenize_seconds}

    class AfterEpoch(tf.keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.began = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            clock["fit"] += time.perf_counter() - self.began
            predicted = self.model.predict(dict(held), batch_size=64, verbose=0).logits.argmax(axis=1)
            epochs_done.append(
                {
                    "epoch": epoch + 1,
                    "seconds": round(clock["fit"], 1),
                    "accuracy": float((predicted == held_labels).mean()),
                }
            )

    model.fit(batches, epochs=epochs, verbose=0, callbacks=[AfterEpoch()])
    steps = epochs * int(np.ceil(len(rows) / batch_size))
    return {
        "settings": {
            "max_length": max_length,
            "padding": "max_length",
            "train_layers": "all",
            "learning_rate": learning_rate,
            "epochs": epochs,
            "batch_size": batch_size,
            "train_rows": len(rows),
        },
        "seconds": epochs_done[-1]["seconds"],
        "steps": steps,
        "epochs": epochs_done,
        "final_accuracy": epochs_done[-1]["accuracy"],
    }
