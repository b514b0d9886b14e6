"""What a run reports while it trains: an ETA that ignores the tracing step and settles after a few
steps, phases with their own progress, and a view copied under a lock (no TensorFlow)."""

from __future__ import annotations

import pytest

from attnviz.nlp.training import runs
from attnviz.nlp.training.progress import RunProgress, StepClock


def clock_with(steps: list[float], validation: tuple[float, int] | None = None) -> StepClock:
    clock = StepClock()
    for seconds in steps:
        clock.steps.append(seconds)
        clock.active += seconds
    if validation:
        clock.validated(*validation)
    return clock


def test_the_tracing_step_does_not_make_the_eta_of_a_short_run_ten_minutes():
    """Step 1 took 15 s (tracing), then 1 s each: 98 steps left take about 98 s, not 11 minutes."""
    clock = clock_with([15.0, 1.0])
    assert clock.eta(step=2, total=100, validations_left=0, test_examples=0) == pytest.approx(98.0)


def test_the_eta_settles_on_the_median_of_recent_steps():
    clock = clock_with([15.0] + [1.0] * 10 + [4.0])  # one slow step (a validation, a busy moment)
    assert clock.typical_step == 1.0
    assert clock.eta(step=12, total=20, validations_left=0, test_examples=0) == pytest.approx(8.0)


def test_the_eta_adds_the_validations_and_the_test_still_to_come():
    clock = clock_with([15.0, 1.0, 1.0], validation=(2.0, 100))  # 20 ms per example
    eta = clock.eta(step=3, total=10, validations_left=2, test_examples=200)
    assert eta == pytest.approx(7 * 1.0 + 2 * 2.0 + 200 * 0.02)


def test_no_eta_before_the_first_step_or_after_the_end():
    assert StepClock().eta(step=0, total=10, validations_left=1, test_examples=10) is None
    progress = RunProgress("run", batch_size=16, eval_every=50, test_examples=200)
    progress.set_totals(100, 1600)
    assert progress.view().eta is None
    progress.set_state(runs.RUNNING)
    progress.clock.begin()
    progress.clock.end()
    assert progress.view().eta is not None
    progress.set_state(runs.FINISHED)
    assert progress.view().eta is None


def test_the_first_step_turns_preparing_into_running_and_ends_the_graph_phase():
    progress = RunProgress("run", batch_size=16)
    progress.set_state(runs.PREPARING)
    progress.set_phase("graph")
    assert progress.view().phase == "graph" and progress.view().phase_seconds >= 0
    progress.stepped()
    view = progress.view()
    assert (view.state, view.phase, view.step) == (runs.RUNNING, "train", 1)


def test_tokenising_reports_how_far_it_got():
    progress = RunProgress("run")
    progress.set_phase("tokenize", 0.0, done=0, total=2300)
    progress.set_fraction(0.5, done=1150)
    view = progress.view()
    assert view.phase_fraction == 0.5 and view.phase_detail == {"done": 1150, "total": 2300}


def test_every_change_moves_the_version_and_notes_are_kept_once():
    progress = RunProgress("run")
    versions = [progress.version]
    for change in (
        lambda: progress.set_state(runs.PREPARING),
        lambda: progress.note("new_head"),
        lambda: progress.note("new_head"),
        lambda: progress.record([{"kind": "train", "step": 1}]),
    ):
        change()
        versions.append(progress.version)
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert progress.view().notes == ["new_head"]
    assert progress.view(with_metrics=False).metrics == []
