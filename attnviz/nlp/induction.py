"""A tiny GPT-2 (2 layers, 2 heads, 64 wide: a real ``TFGPT2LMHeadModel`` from a small config)
trained live with Keras ``fit`` on sequences where a random segment comes back, until an induction
head forms: the loss on the second copy drops suddenly when a head of the second layer learns to
look at the token after the previous occurrence of the current token (:mod:`attnviz.core.induction`).

Three choices make it form in about a minute on 2 cores, each measured against the plain model in
``docs/induction_findings.md``:

- **attention only**: the blocks' MLPs give zeros (as in Olsson et al.'s small models). An MLP can
  memorise shortcuts, and it triples a step's time;
- **fixed sinusoidal positions** (the building-blocks page's positional encoding), which make
  "look at the previous token" easy to learn, instead of GPT-2's learned positions;
- **the first layer's values stay at their random start** (only its queries and keys learn), as in
  Bietti et al. 2023, "Birth of a Transformer: A Memory Viewpoint". Otherwise the first layer also
  learns a "two back" head and the second layer looks one position past the induction target.

Measured on 2 cores with the defaults (README, ``bench --parts induction``): the second copy's loss
falls from 3.3 to 0.8 and the best head's score rises from 0.06 to 0.7 between steps 1,050 and
1,350, about 50 s after the start.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from attnviz.core import induction, positional

POOL_BATCHES = 3000  # distinct training sequences: 96,000 at batch 32, more than a run sees


@dataclass(frozen=True)
class InductionConfig:
    shape: induction.RepeatShape = field(default_factory=induction.RepeatShape)
    d_model: int = 64
    layers: int = 2  # an induction head needs two: one head marks "previous token", the next looks it up
    heads: int = 2  # 32 dimensions each: enough for a head to copy any of the 32 tokens
    learning_rate: float = 3e-3
    batch_size: int = 32
    init_range: float = 0.1  # GPT-2's 0.02 leaves the heads near uniform for longer
    seed: int = 0

    @property
    def length(self) -> int:
        return self.shape.length

    def sequences(self, count: int, seed: int) -> induction.RepeatBatch:
        return induction.repeated_sequences(count, self.shape, np.random.default_rng(seed))


@dataclass(frozen=True)
class InductionCheck:
    first_half_loss: float  # predicting the first copy: about log(vocab) at best
    repeat_loss: float  # predicting the second copy: near 0 once an induction head copies
    scores: np.ndarray  # (layers, heads): induction score of each head
    previous_scores: np.ndarray  # (layers, heads): attention to the previous token
    probe_attention: np.ndarray  # (layers, heads, T, T): the first probe sequence's attention

    @property
    def best_score(self) -> float:
        return float(self.scores.max())


def attention_only(model) -> None:
    """Every block's MLP adds nothing: the residual stream carries only embeddings and heads. Its
    weights stay (so the model saves and loads as a plain GPT-2) but are not used."""
    import tensorflow as tf

    for block in model.transformer.h:
        block.mlp.call = lambda x, training=False: tf.zeros_like(x)


def build_model(config: InductionConfig = InductionConfig()):
    import tensorflow as tf
    from transformers import GPT2Config, TFGPT2LMHeadModel

    tf.keras.utils.set_random_seed(config.seed)
    gpt2 = GPT2Config(
        vocab_size=config.shape.vocab + 1,
        n_positions=config.length,
        n_embd=config.d_model,
        n_layer=config.layers,
        n_head=config.heads,
        resid_pdrop=0.0,
        embd_pdrop=0.0,
        attn_pdrop=0.0,
        initializer_range=config.init_range,
        bos_token_id=induction.BOS,
        eos_token_id=induction.BOS,
    )
    model = TFGPT2LMHeadModel(gpt2)
    model(model.dummy_inputs, training=False)
    positions = model.transformer.wpe
    positions.weights[0].assign(
        positional.sinusoidal_encoding(config.length, config.d_model).astype(np.float32)
    )
    positions.trainable = False
    attention_only(model)
    return model


def load(folder: Path):
    from transformers import TFGPT2LMHeadModel

    model = TFGPT2LMHeadModel.from_pretrained(folder)
    attention_only(model)
    return model


def save(model, folder: Path) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    return folder


def probe_sequences(config: InductionConfig, count: int = 128) -> induction.RepeatBatch:
    """Sequences never trained on (another seed), the same for every measurement. The first one,
    whose attention the page shows, is the one with the longest segment and the fewest noise
    tokens between the copies: its stripe is the longest and easiest to see."""
    batch = config.sequences(count, seed=config.seed + 1)
    shown = int(np.lexsort((batch.gaps, -batch.halves))[0])  # the longest segment, then the smallest gap
    order = np.r_[shown, np.delete(np.arange(count), shown)]
    return induction.RepeatBatch(
        *(getattr(batch, name)[order] for name in ("tokens", "labels", "starts", "halves", "gaps"))
    )


def measure(model, probe: induction.RepeatBatch) -> InductionCheck:
    out = model(probe.tokens, output_attentions=True, training=False)
    attentions = np.stack([np.asarray(a) for a in out.attentions])  # (layers, n, heads, T, T)
    first, repeat = induction.copy_losses(np.asarray(out.logits), probe)
    return InductionCheck(
        first_half_loss=first,
        repeat_loss=repeat,
        scores=induction.induction_scores(attentions, probe),
        previous_scores=induction.previous_token_scores(attentions),
        probe_attention=attentions[:, 0].astype(np.float32),
    )


def _first_layer_values(model):
    """The first layer's value weights (the last third of its fused query/key/value projection)
    and its output projection: the weights :func:`train` keeps at their random start."""
    attention = model.transformer.h[0].attn
    width = model.config.n_embd
    kernel, bias = attention.c_attn.weights
    return [
        (kernel, (slice(None), slice(2 * width, None))),
        (bias, (slice(None), slice(2 * width, None))),
        *((w, (Ellipsis,)) for w in attention.c_proj.weights),
    ]


def train(
    model,
    *,
    steps: int,
    config: InductionConfig = InductionConfig(),
    seconds: float | None = None,
    on_step: Callable[[int, float], bool | None] | None = None,
) -> list[float]:
    """Keras ``fit`` on fresh sequences for ``steps`` batches (or until ``seconds`` pass, or
    ``on_step(step, loss)`` returns True); returns the loss of each step. After every step the
    first layer's values go back to their start, so only its queries and keys learn."""
    import tensorflow as tf
    import tf_keras

    pool = config.sequences(min(steps, POOL_BATCHES) * config.batch_size, seed=config.seed)
    dataset = tf.data.Dataset.from_tensor_slices({"input_ids": pool.tokens, "labels": pool.labels}).repeat()
    model.compile(optimizer=tf_keras.optimizers.Adam(learning_rate=config.learning_rate))
    kept = [
        (variable, where, tf.constant(variable.numpy()[where]))
        for variable, where in _first_layer_values(model)
    ]
    losses: list[float] = []
    started = time.monotonic()

    class Watch(tf_keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            for variable, where, start in kept:
                variable[where].assign(start)
            losses.append(float((logs or {}).get("loss", float("nan"))))
            stop = on_step(len(losses), losses[-1]) if on_step is not None else False
            if stop or (seconds is not None and time.monotonic() - started > seconds):
                self.model.stop_training = True

    model.fit(
        dataset.batch(config.batch_size), epochs=1, steps_per_epoch=steps, verbose=0, callbacks=[Watch()]
    )
    return losses


def formed(check: InductionCheck) -> bool:
    """The issue's bar: a head with score 0.4 or more, and the second copy's loss under half the
    first's."""
    return check.best_score >= 0.4 and check.repeat_loss < 0.5 * check.first_half_loss


def time_to_induction(
    *, budget_seconds: float = 300.0, check_every: int = 50, config: InductionConfig = InductionConfig()
) -> dict:
    """Train from scratch and measure every ``check_every`` steps until an induction head has
    formed or the budget is spent: the numbers of the benchmark command."""
    started = time.monotonic()
    model = build_model(config)
    probe = probe_sequences(config)
    untrained = measure(model, probe)
    curve: list[dict] = []
    found: dict = {}

    def check(step: int, loss: float) -> bool:
        if step % check_every:
            return False
        seen = measure(model, probe)
        curve.append(
            {
                "step": step,
                "seconds": round(time.monotonic() - started, 1),
                "best_score": round(seen.best_score, 3),
                "first_half_loss": round(seen.first_half_loss, 3),
                "repeat_loss": round(seen.repeat_loss, 3),
            }
        )
        if formed(seen):
            found.update(curve[-1])
            return True
        return False

    train(model, steps=100_000, config=config, seconds=budget_seconds, on_step=check)
    return {"untrained_best_score": round(untrained.best_score, 3), "formed": found or None, "curve": curve}
