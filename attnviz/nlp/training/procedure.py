"""One fine-tuning run, from the data to the evaluated model: :meth:`FineTuning.run` reads top to
bottom like the course's notebook, with the live parts (progress, files, controls) handed in.

It runs in the job's training thread (:mod:`.job`); every other thread talks to it through the
:class:`~.control.RunControl` and reads the :class:`~.progress.RunProgress`.
"""

from __future__ import annotations

import time

from attnviz.nlp.errors import NlpError
from attnviz.nlp.language import guess_language
from attnviz.nlp.training import runs
from attnviz.nlp.training.control import RunControl, RunStopped
from attnviz.nlp.training.progress import RunProgress
from attnviz.nlp.training.settings import TrainSettings
from attnviz.nlp.training.writer import RunWriter

EVAL_BATCH_SIZE = 32
SPLITS = ("train", "validation", "test")


class FineTuning:
    def __init__(
        self,
        settings: TrainSettings,
        writer: RunWriter,
        progress: RunProgress,
        control: RunControl,
        *,
        data=None,
        trainers=None,
        extra_callbacks=(),
    ):
        self.settings = settings
        self.writer = writer
        self.progress = progress
        self.control = control
        self.data = data  # a DatasetDict given directly (an upload read by the page, tests)
        self.trainers = trainers  # a TrainerPool that may hold this run's trainer, prepared
        self.extra_callbacks = list(extra_callbacks)
        # what the run builds on its way (None until then); the endings and "evaluate now" use them
        self.trainer = None  # the model, ready to train (trainer.Trainer)
        self.splits: dict = {}  # train / validation / test, tokenised (batches.TokenizedSplit)
        self.label_names: list[str] = []
        self.pad = 0  # the tokenizer's padding id
        self.validation = None  # the Validation callback
        self.started = False  # the first batch has begun

    def run(self) -> str:
        """Train, save and evaluate; returns the final state (finished or stopped)."""
        s, progress = self.settings, self.progress
        from attnviz.nlp.training.model_setup import limit_tf_threads

        self._phase("threads")
        threads = limit_tf_threads()

        # 1. The data: train / validation / test, the class names from the data itself.
        self._phase("data")
        data = self.data if self.data is not None else self._load_data()
        label_names = list(data["train"].features["label"].names)
        self._check_stop()

        # 2. The model, ready to train: loaded, layers frozen, dropout off, Adam, compile. A trainer
        #    prepared while the form was filled in comes with its training step already traced.
        self._phase("model")
        self.trainer = self._trainer(label_names)
        loaded = self.trainer.loaded
        if loaded.new_head:
            progress.note("new_head")
        self._check_stop()

        # 3. Tokenise every split once (truncated, not padded: each batch is padded on its own).
        max_length = min(int(s.max_length), int(loaded.max_length))
        if max_length < s.max_length:
            progress.note(f"max_length:{max_length}")
        splits = self._tokenize(data, loaded.tokenizer, max_length)
        train = splits["train"]
        if len(train) < s.batch_size:
            raise NlpError(
                "too_few_examples",
                f"The training split has {len(train)} examples, fewer than one batch of {s.batch_size}.",
                count=len(train),
                batch_size=s.batch_size,
            )
        total = s.total_steps(len(train))
        progress.set_totals(total, len(train))
        progress.test_examples = len(splits["test"])
        self.trainer.configure(label_names, s.learning_rate, total, s.warmup_steps(total))
        self.writer.run_info(
            {
                "label_names": label_names,
                "train_examples": len(train),
                "validation_examples": len(splits["validation"]),
                "test_examples": len(splits["test"]),
                "trainable_parameters": self.trainer.trainable_parameters,
                "total_parameters": self.trainer.total_parameters,
                "max_length": max_length,
                "num_layers": loaded.num_layers,
                "num_heads": loaded.num_heads,
                "architecture": loaded.architecture,
                "tf_threads": threads,
                "warmup_steps": s.warmup_steps(total),
                "trainer_reused": self.trainer.traced,
                "data_language": guess_language(train.texts, default="en"),
            }
        )
        self._check_stop()

        # 4. What the page shows while it trains: one callback each.
        from attnviz.nlp.training import callbacks
        from attnviz.nlp.training.batches import training_batches
        from attnviz.nlp.training.trainer import pad_id

        self.splits, self.label_names, self.pad = splits, label_names, pad_id(loaded.tokenizer)
        metrics = callbacks.StepMetrics(progress, self.writer, self.trainer.schedule, s.batch_size)
        probes = None
        if s.probes:
            self._phase("probes")
            probes = callbacks.ProbeSnapshots(
                self.trainer.extractor(max_length),
                s.probes,
                self.writer,
                progress,
                self.control,
                s.probe_every,
            )
            first = probes.snapshot(0)
            self.writer.probe_index(
                {
                    "texts": list(s.probes),
                    "tokens": [o.tokens for o in first],
                    "label_names": label_names,
                    "layers": loaded.num_layers,
                    "heads": loaded.num_heads,
                }
            )
        self.validation = callbacks.Validation(
            lambda: self._evaluate("validation"), self.writer, progress, s.eval_every
        )
        self._phase("validate")
        self.validation.run(0)
        checkpoints = callbacks.Checkpoints(self._save, progress, s.checkpoint_every)
        control = callbacks.Control(self.control, progress, self._paused, self._evaluate_now)
        status = callbacks.StatusFile(self.writer, progress)
        self._check_stop()

        # 5. Train: Keras fit, as the course does, on batches of similar lengths.
        batches = training_batches(
            train,
            s.batch_size,
            self.pad,
            seed=int(s.seed),
            group_by_length=s.group_by_length,
            round_to=s.bucket if s.jit_compile else 1,
        )
        self._phase("train" if self.trainer.traced else "graph")
        self.started = True
        order = [
            metrics,
            *self.extra_callbacks,
            *([probes] if probes else []),
            self.validation,
            checkpoints,
            status,
            control,
        ]
        self.trainer.model.fit(batches, epochs=1, steps_per_epoch=total, verbose=0, callbacks=order)
        self.trainer.runs += 1
        self.trainer.traced = True
        state = runs.STOPPED if self.control.stopping and progress.step < total else runs.FINISHED

        # 6. Keep the model, then measure it on the test split it never saw.
        self.finish(state)
        return state

    # --- the end of a run ------------------------------------------------------------------------

    def finish(self, state: str) -> None:
        """Save what was learnt, validate (a finished run) and evaluate on the test split, unless
        the evaluation was skipped."""
        step = self.progress.step
        if self.trainer is None or not self.started or step == 0:
            return
        self._phase("save")
        self._save(step)
        if self.control.skip_evaluation:
            return
        if state == runs.FINISHED:
            self._phase("validate")
            self.validation.run(step)
        self._phase("evaluate")
        self._evaluate_test()

    def keep_after_failure(self) -> None:
        """After an error mid-training: what was learnt so far becomes the last checkpoint."""
        if self.trainer is not None and self.started and self.progress.step > 0:
            self._save(self.progress.step)

    # --- the steps' helpers --------------------------------------------------------------------------

    def _phase(self, phase: str, fraction: float | None = None, **detail) -> None:
        self.progress.set_phase(phase, fraction, **detail)
        self.writer.status(self.progress.status(), force=True)

    def _check_stop(self) -> None:
        if self.control.stopping:
            raise RunStopped()

    def _load_data(self):
        from attnviz.nlp.data import load_data
        from attnviz.nlp.splits import SplitSizes

        s = self.settings
        sizes = SplitSizes(train=int(s.train_size), validation=int(s.validation_size), test=int(s.test_size))
        return load_data(
            s.data,
            sizes=sizes,
            seed=int(s.seed),
            text_column=s.text_column or None,
            label_column=s.label_column or None,
            progress=self._download_progress,
        )

    def _download_progress(self, progress) -> None:
        self.progress.set_fraction(float(getattr(progress, "fraction", 0.0)))

    def _trainer(self, label_names: list[str]):
        from attnviz.nlp.training.trainer import Trainer, TrainerKey, model_key

        key = TrainerKey.for_run(self.settings, model_key(self.settings), len(label_names))
        trainer = self.trainers.take(key) if self.trainers is not None and key.model else None
        if trainer is None:
            trainer = Trainer.build(key, self.settings, progress=self._download_progress)
        else:
            trainer.reset()
        return trainer

    def _tokenize(self, data, tokenizer, max_length: int) -> dict:
        from attnviz.nlp.training.evaluation import tokenized_split

        total = sum(len(data[name]) for name in SPLITS)
        done = 0
        splits = {}
        for name in SPLITS:

            def report(count: int, _: int, before=done) -> None:
                self.progress.set_fraction((before + count) / max(1, total), done=before + count, total=total)

            self._phase("tokenize", 0.0 if done == 0 else done / max(1, total), done=done, total=total)
            splits[name] = tokenized_split(
                data[name], tokenizer, max_length, self.settings.truncation, report
            )
            done += len(data[name])
        return splits

    def _evaluate(self, split: str, with_examples: bool = False) -> dict | None:
        from attnviz.nlp.training.evaluation import evaluate_tokens

        stop = (lambda: self.control.skip_evaluation) if split == "test" else None
        return evaluate_tokens(
            self.trainer.predictor,
            self.splits[split],
            self.label_names,
            self.pad,
            EVAL_BATCH_SIZE,
            with_examples=with_examples,
            stop=stop,
        )

    def _evaluate_test(self) -> None:
        self.progress.set_evaluating(True)
        try:
            result = self._evaluate("test", with_examples=True)
        finally:
            self.progress.set_evaluating(False)
        if result is None or self.control.skip_evaluation:
            return
        step = self.progress.step
        result.update(step=step, split="test", time=time.time())
        self.writer.evaluation(result)
        row = {
            "kind": "test",
            "step": step,
            "loss": result["loss"],
            "accuracy": result["accuracy"],
            "macro_f1": result["macro_f1"],
            "count": result["count"],
            "time": time.time(),
        }
        self.writer.metrics([row])
        self.progress.record([row])

    def _evaluate_now(self) -> None:
        """ "Evaluate now": validation and test at the current step, served between batches."""
        self.validation.last_step = -1
        self.validation.run(self.progress.step)
        self._evaluate_test()

    def _save(self, step: int) -> None:
        self.writer.checkpoint(self.trainer.loaded, step)
        self.writer.status(self.progress.status(), force=True)

    def _paused(self, paused: bool) -> None:
        self.progress.set_state(
            runs.PAUSED if paused else (runs.RUNNING if self.progress.step else runs.PREPARING)
        )
        self.writer.status(self.progress.status(), force=True)
