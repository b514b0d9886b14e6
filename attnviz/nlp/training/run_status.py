"""One answer to "what is this run doing, and how far is it": the run picker, the saved-runs table
and the run's header all say the same (a live job's own view when this server trains it, else its
status file).

States: queued, preparing, training, paused, stopping (asked to stop, finishing its batch),
evaluating (the final or an asked-for evaluation), finished, stopped, failed, interrupted, damaged.
"""

from __future__ import annotations

from dataclasses import dataclass

from attnviz.nlp.training import runs

TRAINING, STOPPING, EVALUATING = "training", "stopping", "evaluating"


@dataclass(frozen=True)
class RunStatus:
    state: str
    step: int
    total: int  # 0 while unknown (before the run has sized its data)

    @property
    def steps_text(self) -> str:
        return f"{self.step}/{self.total}" if self.total else str(self.step)


def status_of(*, view=None, info=None) -> RunStatus:
    """From a live job's :class:`~attnviz.nlp.training.progress.RunView` when there is one, else
    from a :class:`~attnviz.nlp.training.runs.RunInfo` (the files)."""
    if view is not None:
        state = view.state
        if state in runs.ACTIVE_STATES and view.stopping:
            state = STOPPING
        elif state in (runs.RUNNING, runs.PAUSED) and view.evaluating:
            state = EVALUATING
        return RunStatus(_named(state), int(view.step), int(view.total_steps or 0))
    if info is None:
        raise ValueError("status_of needs a view or a run's info")
    return RunStatus(_named(info.state), int(info.step), int(info.total_steps or 0))


def _named(state: str) -> str:
    return TRAINING if state == runs.RUNNING else state
