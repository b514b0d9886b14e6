"""A model made ready to train, and ready to train again.

:class:`Trainer` holds a loaded classifier with the chosen layers frozen, dropout as asked, Adam
(with the head's own rate) and ``compile`` done as the course does it, plus the compiled forward
passes that validation and the probe sentences use. Everything that shapes the compiled training
step is in its :class:`TrainerKey`; two runs with the same key can share one trainer:
:meth:`Trainer.reset` puts the pretrained weights back and zeroes Adam, and the next ``fit`` reuses
the graph Keras traced the first time. Tracing that graph costs 10-20 s on a 2-core CPU, which is
why the page prepares a trainer while the teacher fills in the form (:mod:`.warm`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from attnviz.nlp.training.settings import TrainLayers, TrainSettings

# Texts that make the dummy batch that traces the training step (any tokens would do).
TRACE_TEXTS = ("attention warms up", "a first batch traces the graph")


@dataclass(frozen=True)
class TrainerKey:
    """What the compiled training step depends on."""

    model: str  # the model's folder, or "scratch:ARCH:LAYERS:TOKENIZER_FOLDER"
    num_labels: int
    train_layers: str
    batch_size: int
    keep_dropout: bool
    head_factor: float
    jit_compile: bool
    seed: int  # the new head's random weights

    @classmethod
    def for_run(cls, settings: TrainSettings, model: str, num_labels: int) -> TrainerKey:
        return cls(
            model=model,
            num_labels=int(num_labels),
            train_layers=str(settings.layers_spec),
            batch_size=int(settings.batch_size),
            keep_dropout=bool(settings.keep_dropout),
            head_factor=float(settings.head_factor),
            jit_compile=bool(settings.jit_compile),
            seed=int(settings.seed),
        )


def model_key(settings: TrainSettings) -> str:
    """The ``model`` part of a trainer key: a folder on disk (resolved, never downloads), or the
    from-scratch recipe; "" when the model is not on disk yet."""
    from attnviz.nlp.training.settings import local_model_folder

    folder = local_model_folder(settings.model)
    if folder is None:
        return ""
    if settings.from_scratch:
        return f"scratch:{settings.from_scratch}:{int(settings.scratch_layers or 0)}:{folder.resolve()}"
    return str(folder.resolve())


class Trainer:
    """Build with :meth:`build`; one run at a time uses it (the pool hands it out exclusively)."""

    def __init__(self, key: TrainerKey, loaded, schedule, trainable: int, total: int):
        from attnviz.nlp.training.evaluation import Predictor

        self.key = key
        self.loaded = loaded
        self.model = loaded.model
        self.schedule = schedule
        self.trainable_parameters = trainable
        self.total_parameters = total
        self.predictor = Predictor(self.model)
        self.traced = False
        self.runs = 0  # runs trained with it so far
        self._initial = [w.numpy() for w in self.model.trainable_weights]
        self._extractor = None
        self._lock = threading.Lock()

    @classmethod
    def build(cls, key: TrainerKey, settings: TrainSettings, *, progress=None) -> Trainer:
        """Load (or build from scratch) the classifier for ``key`` and compile it for training."""
        import tensorflow as tf

        from attnviz.nlp.training import model_setup
        from attnviz.nlp.training.optimizer import head_factors, make_adam, make_schedule

        names = {i: f"LABEL_{i}" for i in range(key.num_labels)}
        tf.keras.utils.set_random_seed(key.seed)
        loaded = _load(settings, names, progress)
        if not key.keep_dropout:
            model_setup.switch_off_dropout(loaded.model)
        trainable, total = model_setup.apply_train_layers(loaded.model, TrainLayers.parse(key.train_layers))
        schedule = make_schedule(settings.learning_rate, 1, 0)
        optimizer = make_adam(schedule, head_factors(loaded.model, key.head_factor))
        model_setup.compile_model(loaded.model, optimizer, key.jit_compile)
        # Adam's moments made now, not inside the first step: tf.function then traces the step once
        # instead of twice (measured on MiniLM: 17 s instead of 24 s before the first step).
        optimizer.build(loaded.model.trainable_variables)
        return cls(key, loaded, schedule, trainable, total)

    # --- between runs ---------------------------------------------------------------------------

    def configure(
        self, label_names: list[str], learning_rate: float, total_steps: int, warmup_steps: int
    ) -> None:
        """This run's class names and learning-rate schedule (neither changes the compiled step)."""
        from attnviz.nlp.training.optimizer import set_schedule

        names = {i: str(name) for i, name in enumerate(label_names)}
        self.model.config.id2label = names
        self.model.config.label2id = {name: i for i, name in names.items()}
        self.loaded.id2label = names
        set_schedule(self.schedule, learning_rate, total_steps, warmup_steps)

    def reset(self) -> None:
        """The weights as they were loaded, Adam's moments and step counter at zero."""
        from attnviz.nlp.training.optimizer import reset_optimizer

        for weight, value in zip(self.model.trainable_weights, self._initial):
            weight.assign(value)
        if self.model.optimizer is not None:
            reset_optimizer(self.model.optimizer)

    def trace(self) -> float:
        """Run one training step on a dummy batch (Keras traces the graph then), and undo it.
        Returns the seconds it took."""
        import time

        from attnviz.nlp.training.batches import TokenizedSplit, training_batches

        started = time.perf_counter()
        tokenizer = self.loaded.tokenizer
        texts = [TRACE_TEXTS[i % len(TRACE_TEXTS)] for i in range(self.key.batch_size)]
        ids = tokenizer(texts, truncation=True, max_length=16)["input_ids"]
        split = TokenizedSplit(ids, np.zeros(len(ids), np.int64))
        batches = training_batches(split, self.key.batch_size, pad_id(tokenizer))
        self.model.fit(batches, epochs=1, steps_per_epoch=1, verbose=0)
        self.reset()
        self.traced = True
        return time.perf_counter() - started

    def warm_evaluation(self, max_length: int, with_probes: bool = True) -> None:
        """Trace the forward passes of validation and of the probe sentences ahead of a run."""
        tokenizer = self.loaded.tokenizer
        encoded = tokenizer(list(TRACE_TEXTS), padding=True, return_tensors="np")
        self.predictor.probabilities(encoded["input_ids"], encoded["attention_mask"])
        if with_probes:
            self.extractor(max_length)

    def extractor(self, max_length: int):
        """The attention extractor for probe sentences (compiled once per trainer)."""
        from attnviz.nlp.attention import AttentionExtractor

        if self._extractor is None:
            self._extractor = AttentionExtractor(self.loaded, max_length=max_length)
        self._extractor.max_length = max(2, min(int(max_length), self.loaded.max_length))
        return self._extractor

    def release(self) -> None:
        """Drop the model (its memory goes back once nothing else holds it)."""
        import gc

        self.loaded = self.model = self.predictor = self._extractor = None
        self._initial = []
        gc.collect()


def pad_id(tokenizer) -> int:
    return int(tokenizer.pad_token_id) if tokenizer.pad_token_id is not None else 0


def _load(settings: TrainSettings, names: dict[int, str], progress):
    from attnviz.nlp.loading import build_from_scratch, load_classifier

    if settings.from_scratch:
        overrides = {}
        if settings.scratch_layers:
            layers_name = "n_layers" if settings.from_scratch == "distilbert" else "num_hidden_layers"
            overrides[layers_name] = int(settings.scratch_layers)
        loaded = build_from_scratch(
            settings.from_scratch, settings.model, num_labels=len(names), seed=int(settings.seed), **overrides
        )
        loaded.model.config.id2label = names
        loaded.model.config.label2id = {v: k for k, v in names.items()}
        loaded.id2label = names
        return loaded
    return load_classifier(settings.model, num_labels=len(names), id2label=names, progress=progress)
