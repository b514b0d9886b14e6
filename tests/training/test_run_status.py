"""One state for a run wherever it is shown: from the live job when there is one (with its stop and
evaluation requests), else from its files."""

from pathlib import Path

import pytest

from attnviz.nlp.training import runs
from attnviz.nlp.training.progress import RunView
from attnviz.nlp.training.run_status import status_of


def _view(state, step=3, total=10, **requests):
    view = RunView(
        name="r",
        state=state,
        phase="",
        phase_fraction=None,
        phase_detail={},
        phase_seconds=0.0,
        step=step,
        total_steps=total,
        epoch=0.0,
        elapsed=0.0,
        eta=None,
        error=None,
        version=0,
        train_examples=0,
    )
    for name, value in requests.items():
        setattr(view, name, value)
    return view


@pytest.mark.parametrize(
    ("state", "requests", "expected"),
    [
        (runs.QUEUED, {}, "queued"),
        (runs.PREPARING, {}, "preparing"),
        (runs.RUNNING, {}, "training"),
        (runs.PAUSED, {}, "paused"),
        (runs.RUNNING, {"stopping": True}, "stopping"),
        (runs.PAUSED, {"evaluating": True}, "evaluating"),
        (runs.FINISHED, {"evaluating": True}, "finished"),  # an old request says nothing once ended
        (runs.STOPPED, {}, "stopped"),
        (runs.FAILED, {}, "failed"),
    ],
)
def test_a_live_run_says_what_it_is_doing(state, requests, expected):
    status = status_of(view=_view(state, **requests))
    assert status.state == expected and status.step == 3 and status.total == 10
    assert status.steps_text == "3/10"


def test_a_run_from_its_files_and_an_unknown_total():
    info = runs.RunInfo(name="r", path=Path("/nowhere"), state=runs.RUNNING, step=20, total_steps=0)
    status = status_of(info=info)
    assert status.state == "training" and status.steps_text == "20"  # never "20/?" or "0/?"
    finished = runs.RunInfo(name="r", path=Path("/nowhere"), state=runs.FINISHED, step=40, total_steps=40)
    assert status_of(info=finished).steps_text == "40/40"
    with pytest.raises(ValueError):
        status_of()
