"""The training jobs of one server process, shared by every session (the page keeps one registry
in ``st.cache_resource``; nothing here imports Streamlit or TensorFlow).

- At most ``max_running`` jobs train at once (default 1, ``ATTNVIZ_MAX_JOBS``); the rest wait in a
  first-in first-out queue and start when one ends.
- Each job has an owner token (the visitor's token, kept in a cookie of their browser, never in
  a URL). The owner, or the teacher, may pause,
  step, resume, stop and evaluate; with a teacher password set only the teacher may start, stop or
  delete runs (students watch). One queued or running job per owner, so a class cannot fill the
  queue for hours.
- Created once per process: runs left queued / running / paused by a previous server process are
  marked ``interrupted`` then.
- It keeps a :class:`~.warm.TrainerPool`: the page asks it to :meth:`prepare` the trainer for the
  settings in the form, so that pressing start trains at once (``ATTNVIZ_PREPARE=0`` turns it off).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from attnviz.nlp.training import runs
from attnviz.nlp.training.runs import RunFolder
from attnviz.nlp.training.settings import TrainSettings
from attnviz.nlp.training.warm import TrainerPool

CONTROLS = ("pause", "resume", "step", "stop", "skip_evaluation", "evaluate")


class PermissionDenied(Exception):
    """``code``: "teacher_only", "not_owner", "busy_owner", "active_run"."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def new_owner_token() -> str:
    return secrets.token_urlsafe(18)  # 144 random bits: it now lives for weeks in a cookie


TEACHER_SESSION_SECONDS = 12 * 3600  # a school day: a reload keeps teacher mode, the next day asks again


def max_running_default() -> int:
    text = os.environ.get("ATTNVIZ_MAX_JOBS", "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else 1


def prepare_enabled() -> bool:
    return os.environ.get("ATTNVIZ_PREPARE", "1").strip().lower() not in ("0", "false", "no", "off")


@dataclass(frozen=True)
class Who:
    """Who asks: the session's owner token, whether it has entered the teacher password, and
    whether it visits a hosted server (then starting, importing and deleting need the teacher)."""

    token: str = ""
    teacher: bool = False
    restricted: bool = False


class JobRegistry:
    def __init__(
        self,
        root: Path | None = None,
        *,
        max_running: int | None = None,
        teacher_password: str = "",
        job_factory=None,
    ):
        self.root = runs.runs_root(root)
        self.max_running = max_running or max_running_default()
        self.teacher_password = teacher_password or ""
        self._lock = threading.RLock()
        self._jobs: dict[str, object] = {}  # every job this process created, by run name
        self._queue: list[str] = []
        self._job_factory = job_factory
        self.trainers = TrainerPool(enabled=prepare_enabled() and job_factory is None)
        self.interrupted_at_start = runs.mark_interrupted(self.root)
        # visitor token -> (when teacher mode ends, digest of the password it was given for)
        self._teacher_tokens: dict[str, tuple[float, bytes]] = {}
        # other training on this server (the translation page's): while one says busy, runs wait
        self._other_work: list[Callable[[], bool]] = []

    # --- who may do what -------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        """A teacher password is set: only the teacher starts, stops and deletes."""
        return bool(self.teacher_password)

    def check_password(self, password: str) -> bool:
        return self.locked and hmac.compare_digest(str(password).encode(), self.teacher_password.encode())

    def _password_digest(self) -> bytes:
        return hashlib.sha256(self.teacher_password.encode()).digest()

    def remember_teacher(self, token: str, *, now: float | None = None) -> None:
        """This visitor entered the password: a reload (same token, from the browser's cookie)
        keeps teacher mode for :data:`TEACHER_SESSION_SECONDS`, or until the password changes."""
        if token and self.locked:
            until = (time.time() if now is None else now) + TEACHER_SESSION_SECONDS
            with self._lock:
                self._teacher_tokens[token] = (until, self._password_digest())

    def forget_teacher(self, token: str) -> None:
        with self._lock:
            self._teacher_tokens.pop(token, None)

    def is_remembered_teacher(self, token: str, *, now: float | None = None) -> bool:
        if not token or not self.locked:
            return False
        with self._lock:
            until, digest = self._teacher_tokens.get(token, (0.0, b""))
        now = time.time() if now is None else now
        return now < until and hmac.compare_digest(digest, self._password_digest())

    def may_start(self, who: Who) -> bool:
        return who.teacher or not (self.locked or who.restricted)

    def may_control(self, name: str, who: Who) -> bool:
        if who.teacher:
            return True
        if self.locked:
            return False
        job = self.get(name)
        return (
            job is not None
            and bool(who.token)
            and hmac.compare_digest(job.owner.encode(), who.token.encode())
        )

    def may_delete(self, name: str, who: Who) -> bool:
        if who.teacher:
            return True
        if self.locked or who.restricted:
            return False
        job = self.get(name)
        return job is None or (bool(who.token) and job.owner == who.token)

    # --- jobs ------------------------------------------------------------------------------------

    def submit(self, settings: TrainSettings, who: Who, *, name: str = "", data=None) -> object:
        """A new run, queued; it starts at once when a slot is free."""
        if not self.may_start(who):
            raise PermissionDenied("teacher_only", "Only the teacher may start runs.")
        with self._lock:
            if not who.teacher and any(
                j.owner == who.token and j.state in runs.ACTIVE_STATES for j in self._jobs.values()
            ):
                raise PermissionDenied("busy_owner", "You already have a run queued or training.")
            folder = runs.create_run(settings.to_dict(), name, self.root)
            if self._job_factory is not None:
                job = self._job_factory(settings, folder, owner=who.token, on_done=self._on_done, data=data)
            else:
                job = _default_job(
                    settings,
                    folder,
                    owner=who.token,
                    on_done=self._on_done,
                    data=data,
                    trainers=self.trainers,
                )
            self._jobs[folder.name] = job
            self._queue.append(folder.name)
            self._start_next()
            return job

    def prepare(self, settings: TrainSettings, num_labels: int) -> str:
        """Prepare the trainer for these settings in the background while nothing trains (the
        model must be on disk). Returns its state: "ready", "preparing" or ""."""
        from attnviz.nlp.training.trainer import TrainerKey, model_key

        model = model_key(settings)
        if not model or num_labels < 1:
            return ""
        key = TrainerKey.for_run(settings, model, num_labels)
        self.trainers.prepare(key, settings, int(settings.max_length), busy=lambda: bool(self.live_names()))
        return self.trainers.state(key)

    def control(self, name: str, action: str, who: Who, batches: int = 1) -> None:
        if action not in CONTROLS:
            raise ValueError(f"unknown control {action!r}")
        if not self.may_control(name, who):
            raise PermissionDenied(
                "teacher_only" if self.locked else "not_owner",
                "Only whoever started this run, or the teacher, may control it.",
            )
        job = self.get(name)
        if job is None:
            return
        with self._lock:
            if name in self._queue and action in ("stop", "skip_evaluation"):
                self._queue.remove(name)
                job.cancel_queued()
                return
        {
            "pause": job.pause,
            "resume": job.resume,
            "stop": job.stop,
            "skip_evaluation": lambda: job.stop(skip_evaluation=True),
            "evaluate": job.evaluate_now,
            "step": lambda: job.step(batches),
        }[action]()

    def delete(self, name: str, who: Who) -> None:
        if not self.may_delete(name, who):
            raise PermissionDenied(
                "teacher_only" if self.locked else "not_owner",
                "Only whoever started this run, or the teacher, may delete it.",
            )
        job = self.get(name)
        if job is not None and job.state in runs.ACTIVE_STATES:
            raise PermissionDenied("active_run", "Stop the run before deleting it.")
        folder = runs.run_folder(name, self.root)
        info = runs.run_info(folder) if folder.exists() else None
        if info is not None and info.active and runs.writer_alive(info.status) and job is None:
            raise PermissionDenied("active_run", "This run is being trained by another process.")
        with self._lock:
            self._jobs.pop(name, None)
        runs.delete_run(folder)

    def get(self, name: str):
        with self._lock:
            return self._jobs.get(name)

    def jobs(self) -> list:
        with self._lock:
            return list(self._jobs.values())

    def running(self) -> list:
        with self._lock:
            return [
                j for j in self._jobs.values() if j.state in runs.ACTIVE_STATES and j.name not in self._queue
            ]

    def queue(self) -> list[str]:
        with self._lock:
            return list(self._queue)

    def queue_position(self, name: str) -> int | None:
        """1 for the next to start; None when not waiting."""
        with self._lock:
            return self._queue.index(name) + 1 if name in self._queue else None

    def owned_by(self, token: str) -> list:
        with self._lock:
            return [j for j in self._jobs.values() if token and j.owner == token]

    def live_names(self) -> set[str]:
        with self._lock:
            return {n for n, j in self._jobs.items() if j.state in runs.ACTIVE_STATES}

    def share_with(self, busy: Callable[[], bool]) -> None:
        """One queue for all training on the server: while ``busy()`` says another kind of training
        runs, queued runs wait; that training calls :meth:`wake` when it ends."""
        with self._lock:
            self._other_work.append(busy)

    def other_work_running(self) -> bool:
        with self._lock:
            return any(busy() for busy in self._other_work)

    def wake(self) -> None:
        self._start_next()

    def _start_next(self) -> None:
        with self._lock:
            if self.other_work_running():
                return
            while self._queue and len(self.running()) < self.max_running:
                name = self._queue.pop(0)
                self._jobs[name].start()

    def _on_done(self, job) -> None:
        self._start_next()

    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop everything (tests, a clean server exit)."""
        with self._lock:
            for name in list(self._queue):
                self._jobs[name].cancel_queued()
            self._queue.clear()
            jobs = list(self._jobs.values())
        for job in jobs:
            job.stop(skip_evaluation=True)
        for job in jobs:
            job.wait(timeout)
        self.trainers.wait_idle(timeout)
        self.trainers.clear()


def _default_job(settings, folder: RunFolder, **kwargs):
    from attnviz.nlp.training.job import TrainingJob

    return TrainingJob(settings, folder, **kwargs)
