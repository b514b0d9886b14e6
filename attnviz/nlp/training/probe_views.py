"""The probe explorer's numbers: how one probe sentence's attention and prediction moved during a run.

Reads a run folder's ``probes/`` (the index and the ``step_NNNNNN.npz`` snapshots, through
:mod:`attnviz.nlp.training.runs`) and computes the arrays the fine-tuning page draws: the chosen
head (or the mean of the layer's heads) at one step, its change since the first snapshot, the
prediction at every snapshot, the first token's attention row over the steps, and how much each
head changed. Plain files and numpy: no Streamlit, no TensorFlow, no figures
(:func:`attnviz.render.training.probe_figures` draws them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attnviz.core.attention_views import token_labels
from attnviz.nlp.training import runs

MAX_STEP_ROWS = 40  # snapshots drawn as rows of the "row over the steps" image

Head = int | str  # a head index, or "mean" for the mean of the layer's heads


@dataclass(frozen=True)
class ProbeSeries:
    """One probe across the snapshots."""

    steps: list[int]  # every snapshot that holds the probe
    probabilities: np.ndarray  # (len(steps), classes)
    row_steps: list[int]  # at most MAX_STEP_ROWS of them: always the first, the last and the current
    rows: np.ndarray  # (len(row_steps), T): the first token's attention row of the chosen head


@dataclass(frozen=True)
class ProbeView:
    """What the probe explorer shows for one probe, layer, head (or "mean") and step."""

    step: int
    first_step: int  # the first snapshot, which ``delta`` and ``head_change`` compare with
    layer: int
    head: Head
    labels: list[str]  # the probe's token labels (rows and columns of the heatmaps)
    label_names: list[str]  # the classes
    probabilities: np.ndarray  # (classes,) at ``step``
    predicted: int  # the most likely class at ``step``; -1 when there are no probabilities
    probability: float  # its probability (0 when there is none)
    attention: np.ndarray  # (T, T) the chosen head, or the layer's mean, at ``step``
    delta: np.ndarray  # (T, T) ``attention`` minus the same at ``first_step``
    head_change: np.ndarray  # (layers, heads), see :func:`head_change`
    series: ProbeSeries

    @property
    def predicted_name(self) -> str:
        """The predicted class's name, "?" when it has none."""
        return self.label_names[self.predicted] if 0 <= self.predicted < len(self.label_names) else "?"


def pick_head(attention: np.ndarray, layer: int, head: Head) -> np.ndarray:
    """(T, T) of one head of ``attention`` (layers, heads, T, T), or the mean of the layer's heads."""
    return attention[layer].mean(axis=0) if head == "mean" else attention[layer, head]


def head_change(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """How much each head's attention moved between two snapshots (layers, heads, T, T): half the
    L1 distance between the rows (0 = the same, 1 = disjoint), averaged over the tokens, as a
    (layers, heads) array."""
    a, b = np.asarray(start, np.float64), np.asarray(end, np.float64)
    return 0.5 * np.abs(a - b).sum(axis=-1).mean(axis=-1)


def _folder(folder: runs.RunFolder | str | Path) -> runs.RunFolder:
    return folder if isinstance(folder, runs.RunFolder) else runs.RunFolder(Path(folder))


def probe_series(
    folder: runs.RunFolder | str | Path,
    probe: int,
    layer: int,
    head: Head,
    steps: Sequence[int],
    current: int,
) -> ProbeSeries:
    """The probe's probabilities over every snapshot in ``steps``, and the first token's attention
    row of the chosen head over at most ``MAX_STEP_ROWS`` of them (always the first, the last and
    ``current``). Snapshots that cannot be read or lack the probe are left out."""
    folder = _folder(folder)
    steps = list(steps)
    kept = set(int(i) for i in np.linspace(0, len(steps) - 1, min(len(steps), MAX_STEP_ROWS)).round())
    kept |= {len(steps) - 1, steps.index(current) if current in steps else 0}
    hist_steps, probs, row_steps, rows = [], [], [], []
    for i, step in enumerate(steps):
        snapshot = runs.read_probe_snapshot(folder, step)
        if snapshot is None or probe >= len(snapshot["attentions"]):
            continue
        hist_steps.append(step)
        probs.append(snapshot["probabilities"][probe])
        if i in kept:
            row_steps.append(step)
            rows.append(pick_head(snapshot["attentions"][probe], layer, head)[0])
    return ProbeSeries(hist_steps, np.stack(probs), row_steps, np.stack(rows))


def probe_view(
    folder: runs.RunFolder | str | Path, probe: int, layer: int, head: Head, step: int, steps: Sequence[int]
) -> ProbeView | None:
    """Probe ``probe`` at snapshot ``step``, compared with the first of ``steps`` (the run's
    snapshots, oldest first). None when the index or either snapshot cannot be read, or the
    snapshot has no such probe."""
    folder = _folder(folder)
    steps = list(steps)
    index = runs.read_probe_index(folder)
    snapshot = runs.read_probe_snapshot(folder, step)
    first = runs.read_probe_snapshot(folder, steps[0])
    if index is None or snapshot is None or first is None or probe >= len(snapshot["attentions"]):
        return None
    attention = snapshot["attentions"][probe]
    start = first["attentions"][probe]
    probs = snapshot["probabilities"][probe]
    predicted = int(np.argmax(probs)) if len(probs) else -1
    return ProbeView(
        step=step,
        first_step=steps[0],
        layer=layer,
        head=head,
        labels=token_labels(index["tokens"][probe]),
        label_names=list(index.get("label_names") or []),
        probabilities=probs,
        predicted=predicted,
        probability=float(probs[predicted]) if predicted >= 0 else 0.0,
        attention=pick_head(attention, layer, head),
        delta=pick_head(attention, layer, head) - pick_head(start, layer, head),
        head_change=head_change(start, attention),
        series=probe_series(folder, probe, layer, head, steps, step),
    )
