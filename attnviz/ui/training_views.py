"""The fine-tuning page's sections: the settings form with its estimate, the live (or replayed)
run with its controls and charts, the probe explorer, the evaluation, and the saved runs.

Live views are ``st.fragment(run_every=...)`` functions that redraw from the job's in-memory state
(the run's files when no job of this process trains it). Figures are cached per run and version,
so thirty browsers watching one run cost one figure build per change, not thirty.
"""

from __future__ import annotations

import json
import time
import zlib

import numpy as np
import pandas as pd
import streamlit as st

from attnviz.i18n import has_key
from attnviz.nlp.training import probe_views, runs
from attnviz.nlp.training.cost import estimate, model_shape, padded_length, trace_seconds
from attnviz.nlp.training.registry import PermissionDenied
from attnviz.nlp.training.run_status import status_of
from attnviz.nlp.training.settings import ARCHITECTURES, LIMITS, TIME_WARNING_S, TRUNCATIONS, validate
from attnviz.render import training as ftf
from attnviz.ui import training_state as ts
from attnviz.ui.display import large_text, plain_text, show_figure
from attnviz.ui.language import current_language, t
from attnviz.ui.models import (
    data_language,
    data_picker,
    model_picker,
    preselect_on_disk,
    show_error,
    typical_texts,
)

STATE_ICONS = {
    runs.QUEUED: ":material/schedule:",
    runs.PREPARING: ":material/hourglass_top:",
    runs.RUNNING: ":material/play_circle:",
    runs.PAUSED: ":material/pause_circle:",
    runs.FINISHED: ":material/check_circle:",
    runs.STOPPED: ":material/stop_circle:",
    runs.FAILED: ":material/error:",
    runs.INTERRUPTED: ":material/link_off:",
    runs.DAMAGED: ":material/broken_image:",
}


# --- small helpers -------------------------------------------------------------------------------------


def duration(seconds: float | None) -> str:
    if seconds is None or not np.isfinite(seconds):
        return "—"
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def run_status(info):
    """What a run is doing and how far it is: the live job's view when this server trains it, else
    its files (:func:`attnviz.nlp.training.run_status.status_of`)."""
    job = ts.registry().get(info.name)
    return status_of(view=job.view(with_metrics=False)) if job is not None else status_of(info=info)


def state_label(state: str) -> str:
    return t(f"ft.state.{state}")


def problem_text(problem) -> str:
    return problem.text(current_language())


def run_error_text(error: dict | None) -> str:
    """A run's recorded error in the page's language: nlp error codes and training codes have
    strings; anything else shows its English message."""
    if not error:
        return ""
    code, details = error.get("code", ""), error.get("details") or {}
    for key in (f"ft.error.{code}", f"nlp.error.{code}"):
        if not has_key(key):
            continue
        try:
            text = t(key, **details)
        except (KeyError, IndexError, ValueError):
            continue
        if text != key:
            return text
    return str(error.get("message") or code)


def _denied(error: PermissionDenied) -> None:
    st.warning(t(f"ft.denied.{error.code}"), icon=":material/lock:")


# --- identity and teacher ----------------------------------------------------------------------------


def teacher_box() -> None:
    reg = ts.registry()
    if not reg.locked:
        if ts.who().restricted:  # a public server with no teacher: say how to become one
            st.info(t("hosting.no_password"), icon=":material/public:")
        return
    who = ts.who()
    with st.expander(t("ft.teacher.title"), icon=":material/school:", expanded=False):
        if who.teacher:
            st.success(t("ft.teacher.active"), icon=":material/verified_user:")
            st.button(t("ft.teacher.logout"), on_click=ts.teacher_logout, key="ft.teacher_logout")
            return
        st.caption(t("ft.teacher.intro"))
        with st.form("ft.teacher_form", clear_on_submit=True, border=False):
            password = st.text_input(t("ft.teacher.password"), type="password")
            if st.form_submit_button(t("ft.teacher.login")):
                result = ts.teacher_login(password)
                if result is True:
                    st.rerun()
                elif result is False:
                    st.error(t("ft.teacher.wrong"), icon=":material/lock:")
                else:  # too many wrong tries from here lately
                    st.error(t("ft.teacher.wait", seconds=f"{result:.0f}"), icon=":material/timer:")
    if not who.teacher:
        st.info(t("ft.teacher.students_watch"), icon=":material/visibility:")


def queue_banner() -> None:
    """This visitor's runs waiting for the one training now, with their place in the queue."""
    reg = ts.registry()
    for job in reg.owned_by(ts.owner_token()):
        position = reg.queue_position(job.name)
        if position:
            st.info(t("ft.my_queued", name=job.name, position=position), icon=":material/schedule:")


# --- other sessions' runs ---------------------------------------------------------------------------

WATCH_SECONDS = 5.0


def watch_runs() -> None:
    """Rerun the page when a run appears or goes, or one starts or ends (the teacher's, another
    student's): a student who opened the page before the run started sees it without reloading."""
    st.fragment(_watch, run_every=WATCH_SECONDS)(_runs_signature())


def _runs_signature() -> tuple:
    reg = ts.registry()
    try:
        names = tuple(sorted(p.name for p in reg.root.iterdir() if p.is_dir() and not p.name.startswith(".")))
    except OSError:
        names = ()
    return names, tuple(sorted(reg.live_names()))


def _watch(drawn: tuple) -> None:
    if _runs_signature() != drawn:
        st.rerun()


# --- the settings form ---------------------------------------------------------------------------------


def settings_form() -> None:
    """Model, data and training settings, the estimate, and the start button."""
    ts.init_form()
    s = st.session_state
    reg = ts.registry()
    who = ts.who()
    preselect_on_disk("ft.model", "ft.data")
    left, right = st.columns(2)
    with left:
        st.segmented_control(
            t("ft.source"),
            ["pretrained", "scratch"],
            key=ts.SOURCE,
            required=True,
            format_func=lambda k: t(f"ft.source.{k}"),
        )
        scratch = s[ts.SOURCE] == "scratch"
        model = model_picker(key="ft.model", label=t("ft.tokenizer_from") if scratch else t("ft.model"))
        if scratch:
            a, b = st.columns(2)
            a.selectbox(t("ft.arch"), list(ARCHITECTURES), key=ts.ARCH)
            b.number_input(t("ft.scratch_layers"), *LIMITS["scratch_layers"], key=ts.SCRATCH_LAYERS)
            st.caption(t("ft.scratch_help"))
    model_layers = getattr(
        model_shape(ts.settings_from_form(model, ""), ts.model_folder_for(model)), "layers", None
    )
    top_k_lowered = ts.fit_top_k_to_model(model_layers)
    with right:
        choice = data_picker(key="ft.data", label=t("ft.data"))
        if large_text():  # three columns in half the page leave too little room for the labels
            a, (b, c) = st.container(), st.columns(2)
        else:
            a, b, c = st.columns(3)
        a.number_input(
            t("ft.field.train_size"),
            *LIMITS["train_size"],
            step=100,
            key=ts.TRAIN_SIZE,
            help=t("ft.train_size_help"),
        )
        b.number_input(t("ft.field.validation_size"), *LIMITS["validation_size"], step=50, key=ts.VAL_SIZE)
        c.number_input(t("ft.field.test_size"), *LIMITS["test_size"], step=50, key=ts.TEST_SIZE)
        st.caption(t("ft.classes_from_data"))
    data_name = choice.name if choice else ""
    a, b, c, d = st.columns([1.4, 1, 1, 1] if large_text() else 4)
    a.number_input(
        t("ft.field.max_length"),
        *LIMITS["max_length"],
        step=16,
        key=ts.MAX_LENGTH,
        help=t("ft.max_length_help"),
    )
    a.selectbox(
        t("ft.field.truncation"),
        list(TRUNCATIONS),
        key=ts.TRUNCATION,
        format_func=lambda k: t(f"ft.truncation.{k}"),
        help=t("ft.truncation_help"),
    )
    b.select_slider(t("ft.field.batch_size"), ts.BATCH_SIZES, key=ts.BATCH)
    c.select_slider(
        t("ft.field.learning_rate"), ts.LEARNING_RATES, key=ts.LR, format_func=lambda v: f"{v:.0e}"
    )
    with d:
        st.segmented_control(
            t("ft.length_mode"),
            ["steps", "epochs"],
            key=ts.LENGTH_MODE,
            required=True,
            format_func=lambda k: t(f"ft.field.{k}"),
        )
        if s[ts.LENGTH_MODE] == "steps":
            st.number_input(t("ft.field.steps"), *LIMITS["steps"], step=10, key=ts.STEPS)
        else:
            st.number_input(t("ft.field.epochs"), *LIMITS["epochs"], key=ts.EPOCHS)
    a, b = st.columns([2, 1])
    a.segmented_control(
        t("ft.field.train_layers"),
        ["all", "top", "classifier"],
        key=ts.LAYERS_KIND,
        required=True,
        format_func=lambda k: t(f"ft.layers.{k}"),
        help=t("ft.layers_help"),
    )
    if s[ts.LAYERS_KIND] == "top":
        b.number_input(t("ft.top_k"), 1, model_layers or LIMITS["scratch_layers"][1], key=ts.TOP_K)
        if top_k_lowered:
            b.caption(t("ft.top_k_lowered", layers=top_k_lowered))
    sizes = (int(s[ts.TRAIN_SIZE]), int(s[ts.VAL_SIZE]), int(s[ts.TEST_SIZE]))
    probe_language = data_language(choice, sizes, int(s[ts.SEED])) or current_language()
    ts.sync_default_probes(data_name, probe_language)
    st.text_area(t("ft.field.probes"), key=ts.PROBES, height=90, help=t("ft.probes_help"))
    st.button(
        t("ft.probes_reset"),
        on_click=ts.reset_probes,
        args=(data_name, probe_language),
        key="ft.probes_reset",
        type="tertiary",
        icon=":material/restart_alt:",
    )
    with st.expander(t("ft.advanced"), icon=":material/tune:"):
        a, b, c, d = st.columns(4)
        a.number_input(t("ft.field.probe_every"), *LIMITS["probe_every"], key=ts.PROBE_EVERY)
        b.number_input(t("ft.field.eval_every"), *LIMITS["eval_every"], key=ts.EVAL_EVERY)
        c.number_input(
            t("ft.field.checkpoint_every"),
            *LIMITS["checkpoint_every"],
            key=ts.CHECKPOINT_EVERY,
            help=t("ft.checkpoint_help"),
        )
        d.number_input(t("ft.field.seed"), *LIMITS["seed"], key=ts.SEED)
        a, b, c = st.columns(3)
        a.select_slider(
            t("ft.field.head_factor"),
            ts.HEAD_FACTORS,
            key=ts.HEAD_FACTOR,
            format_func=lambda v: f"× {v}",
            help=t("ft.head_factor_help"),
        )
        b.toggle(t("ft.keep_dropout"), key=ts.KEEP_DROPOUT, help=t("ft.keep_dropout_help"))
        b.toggle(t("ft.group_by_length"), key=ts.GROUP_BY_LENGTH, help=t("ft.group_by_length_help"))
        c.toggle(t("ft.jit"), key=ts.JIT, help=t("ft.jit_help"))
        st.text_input(
            t("ft.run_name"), key=ts.NAME, max_chars=runs.MAX_NAME, placeholder=t("ft.run_name_placeholder")
        )

    settings = ts.settings_from_form(model, data_name)
    folder = ts.model_folder_for(model)
    shape = model_shape(settings, folder)
    problems = validate(settings, shape)
    if choice is None:
        st.info(t("ft.choose_data"), icon=":material/dataset:")
    for problem in problems:
        st.error(problem_text(problem), icon=":material/block:")
    if shape is not None and not any(p.code != "over_memory" for p in problems):
        texts = typical_texts(
            choice, (settings.train_size, settings.validation_size, settings.test_size), settings.seed
        )
        cost = estimate(settings, shape, typical_length=padded_length(texts, settings) if texts else None)
        share = min(1.0, cost.peak_mb / cost.budget_mb)
        st.progress(
            share,
            text=t(
                "ft.estimate",
                time=duration(cost.total_seconds),
                steps=cost.steps,
                step=f"{cost.step_seconds:.1f}",
                memory=f"{cost.peak_mb:.0f}",
                budget=f"{cost.budget_mb:.0f}",
                trainable=f"{cost.trainable_parameters / 1e6:.1f}",
                total=f"{cost.total_parameters / 1e6:.1f}",
            ),
        )
        if cost.total_seconds > TIME_WARNING_S:
            st.warning(t("ft.long_run", time=duration(cost.total_seconds)), icon=":material/timer:")
    elif shape is None and model:
        st.caption(t("ft.estimate_unknown"))

    allowed = reg.may_start(who)
    busy = [j for j in reg.running()]
    if busy and allowed:
        st.caption(t("ft.will_queue", position=len(reg.queue()) + 1))
    elif allowed and choice is not None and not problems and shape is not None:
        _prepare_trainer(settings, choice)
    clicked = st.button(
        t("ft.start"),
        type="primary",
        icon=":material/play_arrow:",
        key="ft.start",
        disabled=bool(problems) or choice is None or not allowed,
    )
    if clicked:
        _start(settings, choice, who)


def _prepare_trainer(settings, choice) -> None:
    """Have the server trace the training step for these settings while the form is filled in,
    and say whether it is ready (redrawn every 2 s while it is being prepared)."""
    from attnviz.ui.models import label_count

    count = label_count(
        choice, (settings.train_size, settings.validation_size, settings.test_size), settings.seed
    )
    if not count:
        return
    state = ts.registry().prepare(settings, count)
    if state:
        st.fragment(_prepare_caption, run_every=2.0 if state == "preparing" else None)(settings, count)


def _prepare_caption(settings, count: int) -> None:
    state = ts.registry().prepare(settings, count)
    if state == "ready":
        st.caption(t("ft.prepare.ready"))
    elif state == "preparing":
        st.caption(t("ft.prepare.preparing"))


def _start(settings, choice, who) -> None:
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.splits import SplitSizes
    from attnviz.ui.models import data_or_explain

    if choice.upload_name:
        settings.data = f"upload:{choice.upload_name}"
    try:
        ts.preflight(settings)
    except NlpError as error:
        show_error(error)
        return
    sizes = SplitSizes(
        train=settings.train_size, validation=settings.validation_size, test=settings.test_size
    )
    data = data_or_explain(choice, sizes=sizes, seed=settings.seed)
    if data is None:
        return
    try:
        job = ts.registry().submit(settings, who, name=st.session_state.get(ts.NAME, ""), data=data)
    except PermissionDenied as error:
        _denied(error)
        return
    except NlpError as error:
        show_error(error)
        return
    ts.show_run(job.name)
    st.rerun()


# --- the run: status, controls, live charts --------------------------------------------------------------


def run_picker(infos: list) -> str | None:
    names = [r.name for r in infos]
    chosen = ts.chosen_run(names)
    if not names:
        return None
    by_name = {r.name: r for r in infos}

    labels = {}
    for name in names:
        status = run_status(by_name[name])
        labels[name] = t("ft.run_option", name=name, state=state_label(status.state), steps=status.steps_text)
    index = names.index(chosen) if chosen in names else 0
    # A label that changed (a run moved on) makes a new widget, drawn at the chosen run: Streamlit
    # cannot keep a selection whose label is no longer among the options.
    signature = zlib.crc32("\n".join(labels.values()).encode())
    picked = st.selectbox(
        t("ft.show_run"), names, index=index, format_func=labels.get, key=f"ft.run_select.{signature}"
    )
    if picked != st.session_state.get(ts.RUN_KEY) or st.query_params.get(ts.RUN_PARAM) != picked:
        ts.show_run(picked)
    return picked


def _is_live(name: str) -> bool:
    """Training now: in this server, or in another process writing the same folder (the command line)."""
    reg = ts.registry()
    job = reg.get(name)
    if job is not None:
        return job.state in runs.ACTIVE_STATES
    folder = runs.run_folder(name, reg.root)
    return folder.exists() and runs.run_info(folder).active


def run_section(name: str) -> None:
    live = _is_live(name)
    st.fragment(_run_body, run_every=ts.REFRESH_SECONDS if live else None)(name, live)


def _mtime(path) -> float:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@st.cache_data(show_spinner=False, max_entries=32)
def _metrics_from_file(path: str, mtime: float) -> list[dict]:
    from pathlib import Path

    return runs.read_metrics(runs.RunFolder(Path(path).parent))


def _run_body(name: str, was_live: bool) -> None:
    reg = ts.registry()
    job = reg.get(name)
    folder = runs.run_folder(name, reg.root)
    if job is None and not folder.exists():
        st.warning(t("ft.run_gone"), icon=":material/delete:")
        return
    if job is not None:
        view = job.view()
        state, step, total, error = view.state, view.step, view.total_steps, view.error
        metrics = view.metrics
    else:  # a saved run, or one another process writes (the command line): its files
        info = runs.run_info(folder)
        if info.state == runs.DAMAGED:
            st.subheader(t("ft.run_title", name=name, state=t("ft.state.damaged")))
            st.error(
                t("ft.damaged", problems=plain_text(", ".join(info.problems))), icon=STATE_ICONS[runs.DAMAGED]
            )
            return
        state, step, total, error = info.state, info.step, info.total_steps, info.status.get("error")
        metrics = _metrics_from_file(str(folder.metrics), _mtime(folder.metrics))
        view = None
    live = state in runs.ACTIVE_STATES
    if was_live and not live:
        st.rerun()  # stop the timer and draw the finished run once, in full
    settings = runs.read_settings(folder)
    shown = status_of(view=view) if view is not None else status_of(info=info)
    title = t("ft.run_title", name=name, state=state_label(shown.state))
    st.subheader(title)
    st.caption(
        t(
            "ft.run_summary",
            model=(
                settings.get("from_scratch")
                and t("ft.scratch_of", arch=settings["from_scratch"], tokenizer=settings.get("model", ""))
            )
            or plain_text(settings.get("model", "?")),
            data=plain_text(settings.get("data", "?")),
            length=settings.get("max_length", "?"),
            batch=settings.get("batch_size", "?"),
            layers=settings.get("train_layers", "?"),
            lr=f"{float(settings.get('learning_rate') or 0):.0e}",
        )
    )
    _state_banner(name, state, error, view)
    if view is not None and view.active:
        _controls(name, view)
    _progress(step, total, metrics, view)
    if metrics:
        show_figure(
            _curves_figure(
                name,
                len(metrics),
                metrics[-1].get("time", 0),
                current_language(),
                large_text(),
                total,
                metrics,
            ),
            key=f"ft.curves.{name}",
        )
    elif live and state != runs.QUEUED:  # a queued run's banner already says where it stands
        st.caption(t("ft.waiting_first_step"))
    evaluation = runs.read_evaluation(folder)
    if evaluation:
        evaluation_section(evaluation)


def _has_checkpoint(name: str) -> bool:
    return (runs.run_folder(name, ts.registry().root).model / "config.json").is_file()


def _state_banner(name: str, state: str, error, view) -> None:
    reg = ts.registry()
    icon = STATE_ICONS.get(state)
    if state == runs.QUEUED:
        position = reg.queue_position(name)
        st.info(t("ft.queued", position=position or "?"), icon=icon)
        if reg.other_work_running():
            st.caption(t("ft.queued_behind_translator"))
    elif state == runs.PREPARING and view is not None:
        _phase_banner(view, name, icon)
    elif state == runs.FAILED:
        kept = "ft.failed" if _has_checkpoint(name) else "ft.failed_nothing_kept"
        st.error(t(kept, reason=plain_text(run_error_text(error))), icon=icon)
    elif state == runs.INTERRUPTED:
        st.warning(t("ft.interrupted"), icon=icon)
    elif state == runs.STOPPED:
        st.info(t("ft.stopped"), icon=icon)
    elif state == runs.FINISHED:
        st.success(t("ft.finished"), icon=icon)
    if view is not None:
        for note in view.notes:
            if note == "new_head" and view.step == 0:  # once it trains, the head is no longer random
                st.caption(t("models.new_head"))
            elif note.startswith("max_length:"):
                st.caption(t("ft.note.max_length", limit=note.split(":", 1)[1]))
        if view.owner and view.owner == ts.owner_token():
            st.caption(t("ft.yours"))


def _phase_banner(view, name: str, icon) -> None:
    """What a preparing run is doing, with its own progress where it can be measured."""
    phase = view.phase or "threads"
    detail = dict(view.phase_detail)
    if phase == "graph":
        settings = runs.read_settings(runs.run_folder(name, ts.registry().root))
        expected = trace_seconds(settings)
        fraction = min(0.95, view.phase_seconds / expected) if expected else None
        text = t("ft.phase.graph", seconds=f"{view.phase_seconds:.0f}", expected=f"{expected:.0f}")
        st.progress(fraction or 0.0, text=text)
        return
    if phase == "tokenize":
        detail.setdefault("done", 0)
        detail.setdefault("total", "…")
    try:
        text = t(f"ft.phase.{phase}", **detail)
    except (KeyError, IndexError, ValueError):
        text = t(f"ft.phase.{phase}").split("{")[0]
    if view.phase_fraction is not None:
        st.progress(min(1.0, max(0.0, view.phase_fraction)), text=text)
    else:
        st.info(text, icon=icon)


def _controls(name: str, view) -> None:
    reg = ts.registry()
    who = ts.who()
    if not reg.may_control(name, who):
        st.caption(t("ft.controls_locked") if reg.locked else t("ft.controls_not_owner"))
        return
    cols = st.columns([1, 1, 1, 1.3, 1, 1.3])
    paused = view.state == runs.PAUSED

    def act(action: str, batches: int = 1) -> None:
        try:
            reg.control(name, action, ts.who(), batches)
        except PermissionDenied as error:
            _denied(error)

    if paused:
        cols[0].button(
            t("ft.resume"),
            icon=":material/play_arrow:",
            key="ft.resume",
            on_click=act,
            args=("resume",),
            disabled=view.stopping,
        )
    else:
        cols[0].button(
            t("ft.pause"),
            icon=":material/pause:",
            key="ft.pause",
            on_click=act,
            args=("pause",),
            disabled=view.stopping or view.state == runs.QUEUED,
        )
    cols[1].button(
        t("ft.step_one"),
        icon=":material/skip_next:",
        key="ft.step1",
        on_click=act,
        args=("step", 1),
        disabled=view.stopping or view.state == runs.QUEUED,
        help=t("ft.step_help"),
    )
    with cols[2]:
        st.number_input(t("ft.step_n_label"), 2, 1000, key=ts.STEP_N, label_visibility="collapsed")
    cols[3].button(
        t("ft.step_n", n=int(st.session_state.get(ts.STEP_N, 5))),
        icon=":material/fast_forward:",
        key="ft.stepn",
        on_click=lambda: act("step", int(st.session_state.get(ts.STEP_N, 5))),
        disabled=view.stopping or view.state == runs.QUEUED,
    )
    if view.stopping:  # a second, different button: a repeated "stop" never discards the evaluation
        cols[4].button(
            t("ft.skip_evaluation"),
            icon=":material/block:",
            key="ft.skip_evaluation",
            on_click=act,
            args=("skip_evaluation",),
            help=t("ft.skip_evaluation_help"),
        )
    else:
        cols[4].button(
            t("ft.stop"),
            icon=":material/stop:",
            key="ft.stop",
            on_click=act,
            args=("stop",),
            help=t("ft.stop_help"),
        )
    cols[5].button(
        t("ft.evaluate_now"),
        icon=":material/fact_check:",
        key="ft.evaluate",
        on_click=act,
        args=("evaluate",),
        disabled=view.evaluating or view.state not in (runs.RUNNING, runs.PAUSED),
        help=t("ft.evaluate_help"),
    )
    if view.evaluating:
        st.caption(t("ft.evaluating"))
    elif view.stopping:
        st.caption(t("ft.stopping"))


def _progress(step: int, total: int, metrics: list[dict], view) -> None:
    if not total:
        return
    train = [m for m in metrics if m.get("kind") == "train"]
    speed = (
        np.nanmean([m.get("examples_per_second") or np.nan for m in train[-20:]]) if train else float("nan")
    )
    elapsed = view.elapsed if view is not None else (train[-1].get("elapsed") if train else None)
    eta = view.eta if view is not None and view.active else None
    epoch = train[-1].get("epoch", 0.0) if train else 0.0
    live = view is not None and view.active
    text = t(
        "ft.progress" if live else "ft.progress_done",
        step=step,
        total=total,
        epoch=f"{epoch:.2f}",
        elapsed=duration(elapsed),
        eta=duration(eta) if eta is not None else "—",
        speed=f"{speed:.1f}" if np.isfinite(speed) else "—",
    )
    st.progress(min(1.0, step / total), text=text)


def _curve_labels() -> dict:
    keys = ("title", "loss", "accuracy", "lr", "speed", "raw", "smoothed", "validation", "test", "step")
    return {k: t(f"ft.chart.{k}") for k in keys}


@st.cache_resource(show_spinner=False, max_entries=16)
def _curves_figure(name: str, count: int, last_time: float, lang: str, big: bool, total: int, _metrics: list):
    """One figure per run, row count, newest row, language and text size, shared by every session
    (hashing thousands of rows on each refresh would cost more than building; ``_metrics`` is not
    hashed). show_figure's large-text change is the same for every caller of a ``big`` figure."""
    return ftf.training_curves(_metrics, _curve_labels(), total_steps=total)


# --- the probe explorer --------------------------------------------------------------------------------------


def probe_section(name: str) -> None:
    live = _is_live(name)
    st.fragment(_probe_body, run_every=ts.PROBE_REFRESH_SECONDS if live else None)(name, live)


def _probe_body(name: str, live: bool) -> None:
    reg = ts.registry()
    folder = runs.run_folder(name, reg.root)
    index = runs.read_probe_index(folder)
    steps = runs.probe_steps(folder)
    st.subheader(t("ft.probes.title"))
    if not index or not steps:
        st.caption(t("ft.probes.none") if not live else t("ft.probes.waiting"))
        return
    st.markdown(t("ft.probes.intro"))
    texts = index["texts"]
    layers, heads = int(index["layers"]), int(index["heads"])
    a, b, c = st.columns([2, 1, 1])
    probe = a.selectbox(
        t("ft.probes.sentence"),
        list(range(len(texts))),
        format_func=lambda i: texts[i],
        key=f"ft.probe.{name}",
    )
    layer = b.selectbox(
        t("ft.probes.layer"),
        list(range(layers)),
        index=layers - 1,
        format_func=lambda i: str(i + 1),
        key=f"ft.probe_layer.{name}",
    )
    head_options = ["mean"] + list(range(heads))
    head = c.selectbox(
        t("ft.probes.head"),
        head_options,
        format_func=lambda h: t("ft.probes.mean") if h == "mean" else str(h + 1),
        key=f"ft.probe_head.{name}",
    )
    follow_key = f"ft.probe_follow.{name}"
    slider_key = f"ft.probe_step.{name}"
    if live:
        follow = st.toggle(t("ft.probes.follow"), value=True, key=follow_key)
        if follow or st.session_state.get(slider_key) not in steps:
            st.session_state[slider_key] = steps[-1]
    elif st.session_state.get(slider_key) not in steps:
        st.session_state[slider_key] = steps[-1]
    if len(steps) > 1:
        step = st.select_slider(t("ft.probes.step"), steps, key=slider_key, help=t("ft.probes.step_help"))
    else:
        step = steps[0]
        st.caption(t("ft.probes.one_snapshot", step=step))
    built = _probe_figures(
        str(folder.path), probe, layer, head, step, tuple(steps), current_language(), large_text()
    )
    if built is None:
        st.caption(t("ft.probes.unreadable"))
        return
    st.markdown(built["prediction"])
    left, right = st.columns(2)
    with left:
        show_figure(built["heatmap"], key=f"ft.probe_heat.{name}")
    with right:
        show_figure(built["delta"], key=f"ft.probe_delta.{name}")
    left, right = st.columns(2)
    with left:
        show_figure(built["history"], key=f"ft.probe_pred.{name}")
    with right:
        show_figure(built["rows"], key=f"ft.probe_cls.{name}")
    show_figure(built["change"], key=f"ft.probe_change.{name}")
    st.caption(t("ft.probes.change_help"))
    if not live and _has_checkpoint(name):
        _open_inside_link(name, texts[probe], layer, None if head == "mean" else head)


def _open_inside_link(name: str, text: str, layer: int, head: int | None) -> None:
    """To the heatmap page with this run, sentence and head: its tab "Inside the head" shows the
    head's own q, k and v (the trained model; snapshots keep only the weights)."""
    from urllib.parse import urlencode

    from attnviz.ui.pages import page

    params = {"text": text, "mode": "run", "run": name, "layer": layer + 1}
    if head is not None:
        params["head"] = head + 1
    st.link_button(
        t("ft.probes.open_inside"),
        f"{page('heatmaps').url_path}?{urlencode(params)}",
        icon=":material/open_in_new:",
        help=t("ft.probes.open_inside_help"),
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _probe_figures(
    path: str, probe: int, layer: int, head, step: int, steps: tuple, lang: str, big: bool
) -> dict | None:
    """The probe explorer's five figures and its prediction sentence, built once per choice and
    shared by every session watching (a class re-running this every few seconds costs one build
    per new snapshot). ``lang`` and ``big`` key the cache: the labels are in the caller's language."""
    view = _probe_view(path, probe, layer, head, step, steps)
    if view is None:
        return None
    return {
        "prediction": t(
            "ft.probes.prediction",
            step=step,
            label=view.predicted_name,
            probability=f"{view.probability:.2f}",
        ),
        **ftf.probe_figures(view, _probe_labels(view), max_plot_px=PROBE_HEATMAP_PX),
    }


PROBE_HEATMAP_PX = 440  # the probe heatmaps share a row: about as tall as their column is wide


@st.cache_data(show_spinner=False, max_entries=64)
def _probe_view(path: str, probe: int, layer: int, head, step: int, steps: tuple):
    """The numbers behind the figures, in any language: cached on the list of snapshots, so a
    class watching one run reads each file once."""
    return probe_views.probe_view(path, probe, layer, head, step, steps)


def _probe_labels(view) -> dict:
    head = t("ft.probes.mean") if view.head == "mean" else t("ft.probes.head_n", n=view.head + 1)
    return {
        "heatmap": t("ft.probes.heatmap", step=view.step, layer=view.layer + 1, head=head),
        "delta": t("ft.probes.delta", step=view.step, first=view.first_step),
        "history": t("ft.probes.prediction_title"),
        "rows": t("ft.probes.cls_title", token=view.labels[0], layer=view.layer + 1, head=head),
        "change": t("ft.probes.change_title", first=view.first_step, step=view.step),
        "keys": t("ft.probes.keys"),
        "queries": t("ft.probes.queries"),
        "step": t("ft.chart.step"),
        "probability": t("ft.probes.probability"),
        "layer": t("ft.probes.layer"),
        "head": t("ft.probes.head"),
    }


# --- evaluation -------------------------------------------------------------------------------------------------


def evaluation_section(result: dict) -> None:
    st.markdown(f"#### {t('ft.eval.title', step=result.get('step', '?'), count=result.get('count', 0))}")
    a, b, c = st.columns(3)
    a.metric(t("ft.eval.accuracy"), f"{100 * float(result.get('accuracy') or 0):.1f} %")
    b.metric(t("ft.eval.macro_f1"), f"{float(result.get('macro_f1') or 0):.3f}")
    c.metric(t("ft.eval.loss"), f"{float(result.get('loss') or 0):.3f}")
    left, right = st.columns([1, 1])
    with left:
        table = pd.DataFrame(
            [
                {
                    t("ft.eval.class"): row["label"],
                    t("ft.eval.precision"): round(row["precision"], 3),
                    t("ft.eval.recall"): round(row["recall"], 3),
                    t("ft.eval.f1"): round(row["f1"], 3),
                    t("ft.eval.support"): row["support"],
                }
                for row in result.get("per_class", [])
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")
    with right:
        if result.get("confusion"):  # an evaluation file may hold none (nothing to draw then)
            show_figure(
                _confusion(
                    json.dumps(result["confusion"]),
                    tuple(result.get("label_names", [])),
                    current_language(),
                    large_text(),
                ),
                key="ft.confusion",
            )
    examples = result.get("examples") or []
    if examples:
        st.markdown(f"**{t('ft.eval.examples')}**")
        frame = pd.DataFrame(
            [
                {
                    t("ft.eval.text"): e["text"],
                    t("ft.eval.true"): e["label"],
                    t("ft.eval.predicted"): e["predicted"],
                    t("ft.eval.probability"): round(e["probability"], 3),
                    t("ft.eval.ok"): "✓" if e["correct"] else "✗",
                }
                for e in examples
            ]
        )
        st.dataframe(frame, hide_index=True, width="stretch", height=min(420, 40 + 35 * len(frame)))


@st.cache_resource(show_spinner=False, max_entries=32)
def _confusion(confusion: str, names: tuple, lang: str, big: bool):
    return ftf.confusion_figure(
        json.loads(confusion),
        list(names),
        {"title": t("ft.eval.confusion"), "true": t("ft.eval.true"), "predicted": t("ft.eval.predicted")},
    )


# --- saved runs ---------------------------------------------------------------------------------------------------


COMPARED = "ft.compare.runs"


def compare_section(infos: list) -> None:
    """Several runs on one chart (loss and validation accuracy), their settings and final test
    accuracy side by side: "try another model" answered in a picture."""
    from attnviz.nlp.training.compare import comparison_rows, differing_settings

    usable = [i for i in infos if i.state != runs.DAMAGED]
    if len(usable) < 2:
        return
    with st.expander(t("ft.compare.title"), icon=":material/compare_arrows:"):
        names = [i.name for i in usable]
        if not set(st.session_state.get(COMPARED) or []) <= set(names):
            st.session_state[COMPARED] = [n for n in st.session_state[COMPARED] if n in names]
        if COMPARED not in st.session_state:
            st.session_state[COMPARED] = names[:3]
        chosen = st.multiselect(t("ft.compare.pick"), names, key=COMPARED, max_selections=8)
        picked = [i for i in usable if i.name in chosen]
        if len(picked) < 2:
            st.caption(t("ft.compare.pick_two"))
            return
        show_figure(
            ftf.compare_runs_figure(
                {i.name: runs.read_metrics(runs.RunFolder(i.path)) for i in picked},
                {
                    "title": t("ft.compare.chart"),
                    "loss": t("ft.chart.loss"),
                    "accuracy": t("ft.compare.val_accuracy"),
                    "step": t("ft.chart.step"),
                },
            ),
            key="ft.compare.chart",
        )
        rows = comparison_rows(picked)
        differing = differing_settings(rows)
        st.caption(t("ft.compare.differ", settings=", ".join(differing) if differing else "—"))

        def percent(value) -> str:
            return f"{100 * value:.1f} %" if isinstance(value, (int, float)) else "—"

        table = [
            {
                t("ft.runs.name"): row["name"],
                **{key: row.get(key) for key in differing or ("model",)},
                t("ft.runs.steps"): row["step"],
                t("ft.compare.val_accuracy"): percent(row["validation_accuracy"]),
                t("ft.runs.accuracy"): percent(row["test_accuracy"]),
            }
            for row in rows
        ]
        st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")


def runs_section(infos: list) -> None:
    reg = ts.registry()
    who = ts.who()
    st.subheader(t("ft.runs.title"))
    if infos:
        rows = []
        for info in infos:
            evaluation = runs.read_evaluation(runs.RunFolder(info.path)) or {}
            status = run_status(info)
            rows.append(
                {
                    t("ft.runs.name"): info.name,
                    t("ft.runs.state"): state_label(status.state),
                    t("ft.runs.steps"): status.steps_text,
                    t("ft.runs.model"): info.settings.get("model", ""),
                    t("ft.runs.data"): info.settings.get("data", ""),
                    t("ft.runs.accuracy"): f"{100 * evaluation['accuracy']:.1f} %"
                    if evaluation.get("accuracy") is not None
                    else "—",
                    t("ft.runs.date"): time.strftime("%Y-%m-%d %H:%M", time.localtime(info.created_at)),
                }
            )
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        compare_section(infos)
        names = [i.name for i in infos]
        current = st.session_state.get(ts.RUN_KEY)
        a, b, c, d = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
        picked = a.selectbox(
            t("ft.runs.pick"),
            names,
            index=names.index(current) if current in names else 0,
            key="ft.runs.pick",
        )
        if b.button(t("ft.runs.open"), icon=":material/open_in_new:", key="ft.runs.open"):
            ts.show_run(picked)
            st.rerun()
        folder = runs.run_folder(picked, reg.root)
        c.download_button(
            t("ft.runs.export"),
            data=lambda: runs.export_zip(folder),
            file_name=f"{picked}.zip",
            mime="application/zip",
            icon=":material/download:",
            key="ft.runs.export",
            on_click="ignore",
        )
        with d.popover(
            t("ft.runs.delete"), icon=":material/delete:", disabled=not reg.may_delete(picked, who)
        ):
            st.markdown(t("ft.runs.delete_confirm", name=picked))
            if st.button(t("ft.runs.delete_yes"), type="primary", key="ft.runs.delete_yes"):
                try:
                    reg.delete(picked, who)
                except PermissionDenied as error:
                    _denied(error)
                else:
                    if st.session_state.get(ts.RUN_KEY) == picked:
                        ts.show_run(None)
                    st.rerun()
    with st.expander(t("ft.runs.import"), icon=":material/upload:"):
        st.caption(t("ft.runs.import_help"))
        upload = st.file_uploader(
            t("ft.runs.import_label"),
            type=["zip"],
            key=f"ft.runs.upload.{st.session_state.get(ts.IMPORTS, 0)}",
            max_upload_size=runs.MAX_UPLOAD_MB,
        )
        if upload is not None and st.button(t("ft.runs.import_button"), key="ft.runs.import_button"):
            try:
                folder = ts.import_run(upload, reg)
            except runs.RunError as error:
                st.error(
                    plain_text(
                        run_error_text({"code": error.code, "details": error.details, "message": str(error)})
                    ),
                    icon=":material/error:",
                )
            else:
                st.success(t("ft.runs.imported", name=folder.name), icon=":material/check_circle:")
                ts.show_run(folder.name)
