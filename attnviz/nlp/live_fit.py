"""Keras ``fit`` for a number of batches, reporting each batch's loss as it comes: the training loop
of the small models trained live on the pages (the tiny translator, the tiny BERT)."""

from __future__ import annotations

import time
from collections.abc import Callable


def fit_steps(
    model,
    dataset,
    *,
    steps: int,
    seconds: float | None = None,
    on_step: Callable[[int, float], None] | None = None,
) -> list[float]:
    """``model.fit`` (already compiled) on ``dataset`` (batched, repeated) for ``steps`` batches, or
    until ``seconds`` pass; ``on_step(step, loss)`` after each batch (it may set
    ``model.stop_training``). Returns the loss of each batch."""
    import tf_keras

    losses: list[float] = []
    started = time.monotonic()

    class Watch(tf_keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            losses.append(float((logs or {}).get("loss", float("nan"))))
            if on_step is not None:
                on_step(len(losses), losses[-1])
            if seconds is not None and time.monotonic() - started > seconds:
                self.model.stop_training = True

    model.fit(dataset, epochs=1, steps_per_epoch=steps, verbose=0, callbacks=[Watch()])
    return losses
