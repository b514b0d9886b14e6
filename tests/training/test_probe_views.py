"""The probe explorer's numbers, read from a run folder's probe snapshots (no Streamlit)."""

import json

import numpy as np
import pytest

from attnviz.nlp.training import runs
from attnviz.nlp.training.probe_views import MAX_STEP_ROWS, head_change, probe_series, probe_view

LAYERS, HEADS = 2, 3


def snapshots(folder: runs.RunFolder, steps, seed: int = 0) -> dict:
    """Random snapshots of two probes (5 and 4 tokens); what was written, by step."""
    rng = np.random.default_rng(seed)
    folder.probes.mkdir(parents=True, exist_ok=True)
    (folder.probes / runs.PROBES_INDEX).write_text(
        json.dumps(
            {
                "texts": ["a b c", "d e"],
                "tokens": [["[CLS]", "a", "b", "c", "[SEP]"], ["[CLS]", "d", "e", "[SEP]"]],
                "layers": LAYERS,
                "heads": HEADS,
                "label_names": ["neg", "pos"],
            }
        )
    )
    written = {}
    for step in steps:
        attentions = [rng.dirichlet(np.ones(t), size=(LAYERS, HEADS, t)) for t in (5, 4)]
        probabilities = [rng.dirichlet([1, 1]) for _ in range(2)]
        runs.write_probe_snapshot(folder, step, attentions, probabilities)
        written[step] = runs.read_probe_snapshot(folder, step)
    return written


def test_view_of_one_head_and_of_the_mean(tmp_path):
    folder = runs.RunFolder(tmp_path / "run")
    steps = [0, 5, 10]
    written = snapshots(folder, steps)
    view = probe_view(folder, 0, 1, 2, 10, steps)
    attention, start = written[10]["attentions"][0], written[0]["attentions"][0]
    assert view.step == 10 and view.first_step == 0 and view.layer == 1 and view.head == 2
    assert view.labels == ["[CLS]", "a", "b", "c", "[SEP]"] and view.label_names == ["neg", "pos"]
    np.testing.assert_array_equal(view.attention, attention[1, 2])
    np.testing.assert_array_equal(view.delta, attention[1, 2] - start[1, 2])
    probs = written[10]["probabilities"][0]
    assert view.predicted == int(np.argmax(probs)) and view.probability == pytest.approx(float(probs.max()))
    assert view.predicted_name == ["neg", "pos"][view.predicted]
    assert view.head_change.shape == (LAYERS, HEADS)
    np.testing.assert_allclose(view.head_change, head_change(start, attention))
    assert view.series.steps == steps and view.series.probabilities.shape == (3, 2)
    np.testing.assert_array_equal(view.series.rows[1], written[5]["attentions"][0][1, 2, 0])

    mean = probe_view(str(folder.path), 1, 0, "mean", 5, steps)  # a path works as well
    np.testing.assert_allclose(mean.attention, written[5]["attentions"][1][0].mean(axis=0))
    np.testing.assert_allclose(mean.series.rows[0], written[0]["attentions"][1][0].mean(axis=0)[0])
    assert mean.labels == ["[CLS]", "d", "e", "[SEP]"]


def test_head_change_is_half_the_l1_distance():
    a = np.zeros((1, 2, 2, 2))
    a[..., 0] = 1.0  # every row on the first token
    b = a.copy()
    b[0, 1] = [[0.0, 1.0], [0.5, 0.5]]  # head 2: one row moved all, one half
    np.testing.assert_allclose(head_change(a, b), [[0.0, 0.75]])
    assert head_change(a, a).max() == 0.0


def test_series_keeps_at_most_max_rows_with_the_first_last_and_current(tmp_path):
    folder = runs.RunFolder(tmp_path / "run")
    steps = list(range(0, 2 * (MAX_STEP_ROWS + 20), 2))
    snapshots(folder, steps)
    current = steps[37]
    series = probe_series(folder, 0, 0, 0, steps, current)
    assert series.steps == steps and series.probabilities.shape == (len(steps), 2)
    assert len(series.row_steps) <= MAX_STEP_ROWS + 1
    assert {steps[0], steps[-1], current} <= set(series.row_steps)
    assert series.rows.shape == (len(series.row_steps), 5)


def test_unreadable_or_missing_gives_none(tmp_path):
    folder = runs.RunFolder(tmp_path / "run")
    steps = [0, 4]
    snapshots(folder, steps)
    assert probe_view(folder, 2, 0, 0, 4, steps) is None  # no such probe
    assert probe_view(folder, 0, 0, 0, 3, steps) is None  # no such snapshot
    (folder.probes / "step_000004.npz").write_bytes(b"not a zip")
    assert probe_view(folder, 0, 0, 0, 4, steps) is None
    assert probe_view(runs.RunFolder(tmp_path / "empty"), 0, 0, 0, 0, [0]) is None
