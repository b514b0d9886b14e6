"""The training control state machine, with a stand-in training loop: no TensorFlow, no fit, no
sleeps (every wait is on an event, bounded by a timeout that only a bug reaches)."""

from __future__ import annotations

import threading

import pytest

from attnviz.nlp.training.control import GO, STOP, RunControl

TIMEOUT = 10.0


class Loop:
    """A training loop in a thread: ``batches`` batches, calling between_batches like Keras fit's
    callbacks do. Records what ran and when it waited."""

    def __init__(self, control: RunControl, batches: int = 1000):
        self.control = control
        self.batches = batches
        self.ran = 0
        self.evaluations: list[int] = []
        self.pauses: list[tuple[int, bool]] = []
        self.result = None
        self.paused = threading.Event()
        self.evaluated = threading.Event()
        self.stepped = threading.Condition()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _evaluate(self):
        self.evaluations.append(self.ran)
        self.evaluated.set()

    def _on_pause(self, waiting: bool):
        self.pauses.append((self.ran, waiting))
        if waiting:
            self.paused.set()
        else:
            self.paused.clear()

    def _run(self):
        kwargs = dict(evaluate=self._evaluate, on_pause=self._on_pause, poll_seconds=0.01)
        if self.control.between_batches(after_batch=False, **kwargs) == STOP:
            self.result = "stopped before"
            return
        while True:
            with self.stepped:
                self.ran += 1
                self.stepped.notify_all()
            last = self.ran >= self.batches
            if self.control.between_batches(after_batch=True, last_batch=last, **kwargs) == STOP:
                self.result = "stopped"
                return
            if last:
                self.result = "finished"
                return

    def start(self) -> Loop:
        self.thread.start()
        return self

    def wait_paused(self):
        assert self.paused.wait(TIMEOUT), "the loop never paused"

    def wait_ran(self, count: int):
        with self.stepped:
            assert self.stepped.wait_for(lambda: self.ran >= count, TIMEOUT), f"never reached {count} batches"

    def join(self):
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive(), "the loop did not end"


def test_without_requests_every_batch_runs():
    loop = Loop(RunControl(), batches=25).start()
    loop.join()
    assert loop.result == "finished" and loop.ran == 25 and loop.pauses == []


def test_a_pause_asked_before_the_start_holds_before_the_first_batch():
    control = RunControl()
    control.pause()
    loop = Loop(control).start()
    loop.wait_paused()
    assert loop.ran == 0 and control.state().paused
    control.stop()
    loop.join()
    assert loop.result == "stopped before" and loop.ran == 0


def test_step_n_runs_exactly_n_batches_then_pauses_again():
    control = RunControl(paused=True)
    loop = Loop(control).start()
    loop.wait_paused()
    loop.paused.clear()
    control.step(3)
    loop.wait_ran(3)
    loop.wait_paused()
    assert loop.ran == 3 and control.state().paused and not control.state().stepping
    loop.paused.clear()
    control.step(1)
    loop.wait_ran(4)
    loop.wait_paused()
    assert loop.ran == 4
    control.stop()
    loop.join()
    assert loop.result == "stopped" and loop.ran == 4


def test_evaluate_now_is_served_while_paused_without_running_a_batch():
    control = RunControl(paused=True)
    loop = Loop(control).start()
    loop.wait_paused()
    with control._cond:  # both requests arrive before the loop looks again
        control.request_evaluation()
        control.request_evaluation()
    assert loop.evaluated.wait(TIMEOUT)
    control.stop()  # (a stop asked together with it would win: the final evaluation comes anyway)
    loop.join()
    assert loop.evaluations == [0] and loop.ran == 0


def test_resume_after_pause_trains_to_the_end():
    control = RunControl()
    loop = Loop(control, batches=50)
    control.pause()
    loop.start()
    loop.wait_paused()
    control.resume()
    loop.join()
    assert loop.result == "finished" and loop.ran == 50
    assert loop.pauses == [(0, True), (0, False)]


def test_the_last_batch_never_pauses():
    control = RunControl(paused=True)
    loop = Loop(control, batches=2).start()
    loop.wait_paused()
    control.step(5)  # more than there is
    loop.join()
    assert loop.result == "finished" and loop.ran == 2


@pytest.mark.parametrize("skip", [False, True])
def test_stop_is_idempotent_and_skipping_the_evaluation_is_its_own_request(skip):
    control = RunControl()
    control.stop()
    control.stop()
    assert control.stopping and not control.skip_evaluation
    if skip:
        control.stop(skip_evaluation=True)
        control.stop()  # a later plain stop does not bring the evaluation back
    assert control.skip_evaluation is skip


def test_every_request_changes_the_version():
    control = RunControl()
    versions = [control.state().version]
    for request in (
        control.pause,
        control.resume,
        lambda: control.step(2),
        control.request_evaluation,
        control.stop,
    ):
        request()
        versions.append(control.state().version)
    assert versions == sorted(set(versions))


def test_a_stop_wakes_a_paused_loop_at_once():
    control = RunControl(paused=True)
    loop = Loop(control).start()
    loop.wait_paused()
    control.stop()
    loop.join()
    assert loop.result == "stopped before"


def test_between_batches_returns_go_or_stop_without_callbacks():
    control = RunControl()
    assert control.between_batches(after_batch=False) == GO
    assert control.between_batches(after_batch=True, last_batch=True) == GO
    control.stop()
    assert control.between_batches(after_batch=True) == STOP
