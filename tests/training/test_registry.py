"""The process-wide registry: one job at a time, a queue, owner tokens, the teacher password.
Jobs here are stand-ins (no TensorFlow): they run until told to stop."""

from __future__ import annotations

import threading
import time

import pytest

from attnviz.nlp.training import runs
from attnviz.nlp.training.registry import JobRegistry, PermissionDenied, Who
from attnviz.nlp.training.settings import TrainSettings


class FakeJob:
    def __init__(self, settings, folder, *, owner="", on_done=None, data=None):
        self.settings, self.folder, self.name, self.owner = settings, folder, folder.name, owner
        self.state = runs.QUEUED
        self._on_done = on_done
        self._stop = threading.Event()
        self.calls = []
        self._thread = None

    def start(self):
        self.state = runs.RUNNING
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        self._stop.wait(30)
        self.state = runs.STOPPED
        self._on_done(self)

    def stop(self, skip_evaluation=False):
        self.calls.append("skip_evaluation" if skip_evaluation else "stop")
        self._stop.set()

    def cancel_queued(self):
        self.calls.append("cancel")
        self.state = runs.STOPPED

    def pause(self):
        self.calls.append("pause")

    def resume(self):
        self.calls.append("resume")

    def step(self, n=1):
        self.calls.append(("step", n))

    def evaluate_now(self):
        self.calls.append("evaluate")

    def wait(self, timeout=None):
        if self._thread:
            self._thread.join(timeout)
        return True


def wait_for(condition, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


@pytest.fixture
def registry(isolated_home):
    reg = JobRegistry(isolated_home / "runs", max_running=1, job_factory=FakeJob)
    yield reg
    reg.shutdown(timeout=5)


ALICE, BOB, CAROL = Who("alice"), Who("bob"), Who("carol")


def test_one_job_at_a_time_and_a_queue(registry):
    first = registry.submit(TrainSettings(), ALICE, name="first")
    second = registry.submit(TrainSettings(), BOB, name="second")
    third = registry.submit(TrainSettings(), CAROL, name="third")
    assert first.state == runs.RUNNING and second.state == runs.QUEUED
    assert registry.queue_position("second") == 1 and registry.queue_position("third") == 2
    assert registry.queue_position("first") is None
    assert [j.name for j in registry.running()] == ["first"]
    registry.control("first", "stop", ALICE)
    wait_for(lambda: second.state == runs.RUNNING)
    assert registry.queue_position("third") == 1 and third.state == runs.QUEUED
    registry.control("third", "stop", CAROL)  # leaving the queue
    assert registry.queue() == [] and third.calls == ["cancel"]


def test_runs_wait_while_other_training_uses_the_server(registry):
    """The translation page's training shares the queue: a run submitted meanwhile waits, and
    starts when that training ends and wakes the queue."""
    translator_training = threading.Event()
    translator_training.set()
    registry.share_with(translator_training.is_set)
    waiting = registry.submit(TrainSettings(), ALICE, name="waiting")
    assert waiting.state == runs.QUEUED and registry.queue_position("waiting") == 1
    assert registry.other_work_running()
    translator_training.clear()
    registry.wake()
    assert waiting.state == runs.RUNNING and registry.queue() == []


def test_several_jobs_when_configured(isolated_home, monkeypatch):
    monkeypatch.setenv("ATTNVIZ_MAX_JOBS", "2")
    reg = JobRegistry(isolated_home / "runs", job_factory=FakeJob)
    try:
        a, b = reg.submit(TrainSettings(), ALICE), reg.submit(TrainSettings(), BOB)
        assert a.state == b.state == runs.RUNNING
    finally:
        reg.shutdown(timeout=5)


def test_only_the_owner_controls_a_run(registry):
    job = registry.submit(TrainSettings(), ALICE, name="mine")
    registry.control("mine", "pause", ALICE)
    registry.control("mine", "step", ALICE, batches=5)
    registry.control("mine", "evaluate", ALICE)
    registry.control("mine", "stop", ALICE)
    registry.control("mine", "skip_evaluation", ALICE)
    assert job.calls == ["pause", ("step", 5), "evaluate", "stop", "skip_evaluation"]
    for intruder in (BOB, Who("")):
        with pytest.raises(PermissionDenied) as error:
            registry.control("mine", "stop", intruder)
        assert error.value.code == "not_owner"
    assert registry.may_control("mine", ALICE) and not registry.may_control("mine", BOB)


def test_one_active_run_per_owner(registry):
    registry.submit(TrainSettings(), ALICE)
    with pytest.raises(PermissionDenied) as error:
        registry.submit(TrainSettings(), ALICE)
    assert error.value.code == "busy_owner"


def test_teacher_password_locks_start_stop_and_delete(registry):
    registry.teacher_password = "s3cret"
    assert registry.locked and not registry.check_password("wrong") and registry.check_password("s3cret")
    with pytest.raises(PermissionDenied) as error:
        registry.submit(TrainSettings(), ALICE)
    assert error.value.code == "teacher_only"
    teacher = Who("t", teacher=True)
    job = registry.submit(TrainSettings(), teacher, name="lesson")
    assert not registry.may_control("lesson", Who("t"))  # the token alone is not enough once locked
    with pytest.raises(PermissionDenied):
        registry.control("lesson", "stop", ALICE)
    registry.control("lesson", "pause", teacher)
    assert job.calls == ["pause"]
    assert not registry.may_delete("lesson", ALICE) and registry.may_delete("lesson", teacher)


def test_delete_refuses_an_active_run_and_removes_a_finished_one(registry):
    job = registry.submit(TrainSettings(), ALICE, name="gone")
    with pytest.raises(PermissionDenied) as error:
        registry.delete("gone", ALICE)
    assert error.value.code == "active_run"
    registry.control("gone", "stop", ALICE)
    wait_for(lambda: job.state == runs.STOPPED)
    with pytest.raises(PermissionDenied):
        registry.delete("gone", BOB)
    registry.delete("gone", ALICE)
    assert not (registry.root / "gone").exists() and registry.get("gone") is None


def test_a_new_registry_marks_runs_of_a_previous_server_interrupted(isolated_home):
    folder = runs.create_run({}, "before-restart", isolated_home / "runs")
    runs.write_status(folder, {"state": runs.RUNNING, "step": 12})
    reg = JobRegistry(isolated_home / "runs", job_factory=FakeJob)
    assert reg.interrupted_at_start == ["before-restart"]
    assert runs.read_status(folder)["state"] == runs.INTERRUPTED
