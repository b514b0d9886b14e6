"""The box that trains a small model live on a page (the translation page's dates translator, the
generation page's induction-head decoder): who may start it (the fine-tuning page's rules: the
teacher on a locked or hosted server, never while a fine-tuning run trains), and, while it trains,
its progress, a live chart and the controls (pause, 10 steps, resume, stop)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from attnviz.ui.language import t


def in_training_queue(make_job: Callable[..., object]):
    """The job ``make_job(on_done=...)`` builds, in the fine-tuning page's one-job queue: fine-tuning
    runs started while it trains wait, and start when it ends. Called once per server (from a
    ``st.cache_resource`` function of the page)."""
    from attnviz.ui import training_state as ts

    registry = ts.registry()
    job = make_job(on_done=registry.wake)
    registry.share_with(job.training)
    return job


def training_box(
    job,
    *,
    trained: bool,
    key: str,
    strings: str,
    about: str,
    live_view: Callable[[object], None],
    settings: Callable[[], Callable[[], None] | None] | None = None,
) -> None:
    """``key``: the widgets' prefix ("tr"); ``strings``: the page's string prefix for the title
    and buttons ("translation": translation.train_title, .train, .train_again); ``about``: the
    sentence inside the box; ``live_view(progress)``: the page's chart and measurements;
    ``settings()``: draws what the visitor chooses before starting (a text, a name) and returns
    what to call to hand it to the job, or None while it is not ready (the button waits)."""
    from attnviz.nlp.live_job import FAILED, TRAINING
    from attnviz.ui import training_state as ts

    progress = job.progress()
    if progress.state == TRAINING:
        st.fragment(_progress, run_every=2.0)(job, key, live_view)
        return
    if progress.state == FAILED:
        st.error(t("live.failed", reason=progress.error), icon=":material/error:")
    with st.expander(t(f"{strings}.train_title"), expanded=not trained, icon=":material/model_training:"):
        st.markdown(about)
        reg, who = ts.registry(), ts.who()
        busy = bool(reg.live_names())
        allowed = reg.may_start(who)
        if not allowed:
            st.caption(t("live.teacher_only"))
        if busy:
            st.caption(t("live.busy_fine_tuning"))
        prepare = settings() if settings is not None else (lambda: None)
        label = t(f"{strings}.train_again" if trained else f"{strings}.train")
        ready = prepare is not None and not busy and allowed
        if st.button(label, key=f"{key}.train", disabled=not ready, icon=":material/play_arrow:"):
            prepare()
            job.start()
            st.rerun()


def _progress(job, key: str, live_view) -> None:
    from attnviz.nlp.live_job import TRAINING
    from attnviz.ui import training_state as ts

    progress = job.progress()
    if progress.state != TRAINING:
        st.rerun()  # done: the whole page shows the new model
    loss = f"{progress.losses[-1]:.3f}" if progress.losses else "…"
    status = "live.paused" if progress.paused else "live.training"
    st.progress(
        progress.step / max(1, progress.total),
        text=t(status, step=progress.step, total=progress.total, loss=loss),
    )
    if ts.registry().may_start(ts.who()):
        _controls(job, progress, key)
    live_view(progress)


def _controls(job, progress, key: str) -> None:
    a, b, c = st.columns(3)
    if progress.paused:
        if a.button(t("live.resume"), key=f"{key}.resume", icon=":material/play_arrow:"):
            job.resume()
        if b.button(t("live.step_10"), key=f"{key}.step10", icon=":material/skip_next:"):
            job.step(10)
    elif a.button(t("live.pause"), key=f"{key}.pause", icon=":material/pause:"):
        job.pause()
    if c.button(t("live.stop"), key=f"{key}.stop", icon=":material/stop:", help=t("live.stop_help")):
        job.stop()
