"""The optimizer a run trains with: Adam, as the course compiles it, with two additions measured to
make a short run learn sooner (README, "Time to accuracy"):

- the new classification head learns ``head_factor`` times faster than the pretrained blocks (its
  weights start random; the blocks only need nudging). With one rate for all, the loss stays flat
  for the first ~30 steps; with the head at 10x it falls within 10.
- the rate warms up linearly, then decays linearly to 0 at the last step (Hugging Face's
  ``create_optimizer``), and its three numbers are TensorFlow variables: a compiled training step
  can be reused by the next run with another rate or length without being traced again.
"""

from __future__ import annotations

import re

# The weights of the task head (DistilBERT pre_classifier + classifier, BERT pooler + classifier,
# RoBERTa's classification head). BERT's pooler is pretrained but was never trained on a task.
HEAD_WEIGHTS = re.compile(r"(^|/)(pre_classifier|classifier|pooler)(/|$)")


def is_head_weight(name: str) -> bool:
    return bool(HEAD_WEIGHTS.search(name))


def make_schedule(peak: float, total_steps: int, warmup_steps: int):
    """Linear warm-up to ``peak`` over ``warmup_steps``, then linear decay to 0 at ``total_steps``.
    Change it for a new run with :func:`set_schedule` (no retracing)."""
    import tensorflow as tf

    class WarmupLinear(tf.keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self, peak, total, warmup):
            self.peak = tf.Variable(float(peak), trainable=False, dtype=tf.float32, name="lr_peak")
            self.total = tf.Variable(float(max(1, total)), trainable=False, dtype=tf.float32, name="lr_total")
            self.warmup = tf.Variable(
                float(max(0, warmup)), trainable=False, dtype=tf.float32, name="lr_warmup"
            )

        def __call__(self, step):
            step = tf.cast(step, tf.float32)
            warm = self.peak * (step + 1.0) / tf.maximum(1.0, self.warmup)
            decay = self.peak * tf.maximum(
                0.0, (self.total - step) / tf.maximum(1.0, self.total - self.warmup)
            )
            return tf.where(step < self.warmup, warm, decay)

        def get_config(self):
            return {
                "peak": float(self.peak.numpy()),
                "total": int(self.total.numpy()),
                "warmup": int(self.warmup.numpy()),
            }

    return WarmupLinear(peak, total_steps, warmup_steps)


def set_schedule(schedule, peak: float, total_steps: int, warmup_steps: int) -> None:
    schedule.peak.assign(float(peak))
    schedule.total.assign(float(max(1, total_steps)))
    schedule.warmup.assign(float(max(0, warmup_steps)))


def learning_rate_at(schedule, step: int) -> float:
    """The rate of the pretrained blocks at a step (0-based), as Python float."""
    return float(schedule(step).numpy())


def make_adam(schedule, factors: dict[str, float]):
    """Adam whose rate is multiplied by ``factors[variable.name]`` for the variables named there
    (the head), and is the schedule's rate for every other variable."""
    import tensorflow as tf

    class FactorAdam(tf.keras.optimizers.Adam):
        def update_step(self, gradient, variable):
            factor = factors.get(variable.name, 1.0)
            if factor == 1.0:
                return super().update_step(gradient, variable)
            # Adam's dense update (tf_keras 2.21, amsgrad off) with the rate scaled by ``factor``
            if isinstance(gradient, tf.IndexedSlices):
                gradient = tf.convert_to_tensor(gradient)
            dtype = variable.dtype
            lr = tf.cast(self.learning_rate, dtype) * factor
            step = tf.cast(self.iterations + 1, dtype)
            beta_1_power = tf.pow(tf.cast(self.beta_1, dtype), step)
            beta_2_power = tf.pow(tf.cast(self.beta_2, dtype), step)
            key = self._var_key(variable)
            m = self._momentums[self._index_dict[key]]
            v = self._velocities[self._index_dict[key]]
            alpha = lr * tf.sqrt(1 - beta_2_power) / (1 - beta_1_power)
            m.assign_add((gradient - m) * (1 - self.beta_1))
            v.assign_add((tf.square(gradient) - v) * (1 - self.beta_2))
            variable.assign_sub((m * alpha) / (tf.sqrt(v) + self.epsilon))

    return FactorAdam(learning_rate=schedule)


def head_factors(model, head_factor: float) -> dict[str, float]:
    """``{variable name: head_factor}`` for the trainable weights of the task head."""
    if head_factor == 1.0:
        return {}
    return {w.name: float(head_factor) for w in model.trainable_weights if is_head_weight(w.name)}


def reset_optimizer(optimizer) -> None:
    """Zero Adam's moments and its step counter (a new run on a reused, already compiled model)."""
    for variable in optimizer.variables():
        variable.assign(variable.numpy() * 0)
