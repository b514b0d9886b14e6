"""Session glue for the fine-tuning page: the shared job registry, who this session is (the
visitor's token from :mod:`attnviz.ui.visitor`, teacher mode), which run is shown, and the settings form's state.

No TensorFlow here: the registry and the run files are plain Python; the job imports TensorFlow in
its own thread when it starts.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from attnviz.nlp.training import runs
from attnviz.nlp.training.registry import JobRegistry, Who
from attnviz.nlp.training.settings import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_HEAD_FACTOR,
    DEFAULT_LEARNING_RATE,
    DEFAULT_MAX_LENGTH,
    DEFAULT_STEPS,
    DEFAULT_TEST_SIZE,
    DEFAULT_TRAIN_LAYERS,
    DEFAULT_TRAIN_SIZE,
    DEFAULT_TRUNCATION,
    DEFAULT_VALIDATION_SIZE,
    TrainLayers,
    TrainSettings,
)

RUN_PARAM = "run"
TEACHER_KEY = "ft.teacher"
RUN_KEY = "ft.run"
REFRESH_SECONDS = 2.5  # the live run view (its figure is built once per new step, for everyone)
PROBE_REFRESH_SECONDS = 6.0  # the probe explorer (snapshots come every few steps)

# Widget keys of the settings form.
SOURCE, ARCH, SCRATCH_LAYERS = "ft.source", "ft.arch", "ft.scratch_layers"
TRAIN_SIZE, VAL_SIZE, TEST_SIZE = "ft.train_size", "ft.validation_size", "ft.test_size"
MAX_LENGTH, BATCH, LR = "ft.max_length", "ft.batch_size", "ft.learning_rate"
LENGTH_MODE, STEPS, EPOCHS = "ft.length_mode", "ft.steps", "ft.epochs"
LAYERS_KIND, TOP_K, SEED = "ft.layers_kind", "ft.top_k", "ft.seed"
PROBES, PROBE_EVERY, EVAL_EVERY, CHECKPOINT_EVERY = (
    "ft.probes",
    "ft.probe_every",
    "ft.eval_every",
    "ft.checkpoint_every",
)
JIT, NAME, STEP_N = "ft.jit", "ft.name", "ft.step_n"
TRUNCATION, HEAD_FACTOR, KEEP_DROPOUT, GROUP_BY_LENGTH = (
    "ft.truncation",
    "ft.head_factor",
    "ft.keep_dropout",
    "ft.group_by_length",
)
PROBES_FOR = "ft.probes_for"

LEARNING_RATES = (1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 3e-5, 5e-5, 1e-4, 2e-4, 3e-4, 5e-4, 1e-3, 2e-3, 5e-3)
HEAD_FACTORS = (1, 2, 5, 10, 20, 50)
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64)

_DEFAULT_LAYERS = TrainLayers.parse(DEFAULT_TRAIN_LAYERS)
DEFAULTS = {
    SOURCE: "pretrained",
    ARCH: "distilbert",
    SCRATCH_LAYERS: 2,
    TRAIN_SIZE: DEFAULT_TRAIN_SIZE,
    VAL_SIZE: DEFAULT_VALIDATION_SIZE,
    TEST_SIZE: DEFAULT_TEST_SIZE,
    MAX_LENGTH: DEFAULT_MAX_LENGTH,
    BATCH: DEFAULT_BATCH_SIZE,
    LR: DEFAULT_LEARNING_RATE,
    LENGTH_MODE: "steps",
    STEPS: DEFAULT_STEPS,
    EPOCHS: 1,
    LAYERS_KIND: _DEFAULT_LAYERS.kind,
    TOP_K: _DEFAULT_LAYERS.top or 2,
    SEED: 42,
    PROBE_EVERY: TrainSettings().probe_every,
    EVAL_EVERY: TrainSettings().eval_every,
    CHECKPOINT_EVERY: 0,
    JIT: TrainSettings().jit_compile,
    NAME: "",
    STEP_N: 5,
    TRUNCATION: DEFAULT_TRUNCATION,
    HEAD_FACTOR: int(DEFAULT_HEAD_FACTOR),
    KEEP_DROPOUT: False,
    GROUP_BY_LENGTH: True,
}


# --- the registry and who we are ------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _registry_for(home: str) -> JobRegistry:
    """One registry per server process (and data folder): created at the first visit after a start,
    which is when runs left running by the previous process are marked interrupted."""
    return JobRegistry(Path(home) / "runs")


def registry() -> JobRegistry:
    from attnviz.nlp.paths import attnviz_home

    reg = _registry_for(str(attnviz_home()))
    reg.teacher_password = teacher_password()
    return reg


def teacher_password() -> str:
    """ATTNVIZ_TEACHER_PASSWORD from the environment, else from .streamlit/secrets.toml."""
    value = os.environ.get("ATTNVIZ_TEACHER_PASSWORD", "")
    if value:
        return value
    try:
        return str(st.secrets.get("ATTNVIZ_TEACHER_PASSWORD", "") or "")
    except Exception:  # noqa: BLE001 - no secrets file: Streamlit raises rather than returning nothing
        return ""


def owner_token() -> str:
    """This visitor's token (kept by the browser in a cookie: a reload keeps control of one's run)."""
    from attnviz.ui.visitor import visitor_token

    return visitor_token()


def is_teacher() -> bool:
    """The password was entered in this session, or in this browser earlier today (a reload)."""
    reg = registry()
    return reg.locked and (
        bool(st.session_state.get(TEACHER_KEY)) or reg.is_remembered_teacher(owner_token())
    )


def who() -> Who:
    from attnviz.ui.hosting import hosted

    return Who(token=owner_token(), teacher=is_teacher(), restricted=hosted())


@st.cache_resource(show_spinner=False)
def _login_throttle():
    from attnviz.nlp.training.login_throttle import LoginThrottle

    return LoginThrottle()  # one per server: a reload does not reset a guesser's count


def _client() -> str:
    """Who tries a password: the browser's address (on the server's own machine, its session)."""
    try:
        return st.context.ip_address or f"session:{owner_token()}"
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest)
        return f"session:{owner_token()}"


def teacher_login(password: str) -> float | bool:
    """True when the password is right; False when wrong; the seconds to wait (a float) when
    this client tried too many wrong passwords lately (the password is then not even checked)."""
    throttle, client = _login_throttle(), _client()
    wait = throttle.wait_seconds(client)
    if wait > 0:
        return wait
    ok = registry().check_password(password)
    st.session_state[TEACHER_KEY] = ok
    (throttle.succeeded if ok else throttle.failed)(client)
    if ok:
        registry().remember_teacher(owner_token())
    return ok


def teacher_logout() -> None:
    st.session_state[TEACHER_KEY] = False
    registry().forget_teacher(owner_token())


# --- which run is shown -----------------------------------------------------------------------------


def chosen_run(names: list[str]) -> str | None:
    """The run to show: the one in the URL or chosen before, else this visitor's active run, else
    the run training now, else the newest."""
    reg = registry()
    wanted = st.query_params.get(RUN_PARAM) or st.session_state.get(RUN_KEY)
    if wanted in names:
        return wanted
    queued = set(reg.queue())
    mine = [j.name for j in reg.owned_by(owner_token()) if j.state in runs.ACTIVE_STATES]
    live = [j.name for j in reg.running()]
    # one's own run when it trains; else the run training now (one's own may be waiting for it)
    ordered = [n for n in mine if n not in queued] + live + mine
    for candidate in ordered + names[:1]:
        if candidate in names:
            return candidate
    return None


def show_run(name: str | None) -> None:
    st.session_state[RUN_KEY] = name
    if name:
        st.query_params[RUN_PARAM] = name
    elif RUN_PARAM in st.query_params:
        del st.query_params[RUN_PARAM]


# --- the form -----------------------------------------------------------------------------------------


def init_form() -> None:
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)


def probe_task(data_name: str) -> str:
    """Which default probe sentences fit the data: topic (ag_news), emotion, or sentiment."""
    name = str(data_name).lower()
    if "ag_news" in name or "news" in name:
        return "topic"
    if "emotion" in name:
        return "emotion"
    return "sentiment"


def default_probes(data_name: str, lang: str) -> str:
    """The default probe sentences for this kind of data, in the data's language (an English
    model learning English reviews is probed with English sentences, whatever the page's language)."""
    from attnviz.i18n import translate

    task = probe_task(data_name)
    return "\n".join([translate(lang, f"ft.probe.{task}.1"), translate(lang, f"ft.probe.{task}.2")])


def sync_default_probes(data_name: str, lang: str) -> None:
    """Fill the probe box with the defaults for this data and its language, unless the user edited
    it (a typed probe is used as typed)."""
    marker = (probe_task(data_name), lang)
    previous = st.session_state.get(PROBES_FOR)
    if PROBES not in st.session_state or (
        previous != marker and st.session_state.get(PROBES) == _defaults_for(previous)
    ):
        st.session_state[PROBES] = default_probes(data_name, lang)
    st.session_state[PROBES_FOR] = marker


def _defaults_for(marker) -> str | None:
    if not marker:
        return None
    task, lang = marker
    return default_probes({"topic": "ag_news", "emotion": "emotion"}.get(task, ""), lang)


def reset_probes(data_name: str, lang: str) -> None:
    st.session_state[PROBES] = default_probes(data_name, lang)


def probe_lines() -> list[str]:
    return [line.strip() for line in str(st.session_state.get(PROBES, "")).splitlines() if line.strip()]


TOP_K_FITTED = "ft.top_k_fitted"  # (what the user had, what it was lowered to) for a smaller model


def fit_top_k_to_model(layers: int | None) -> int | None:
    """Keep "the top k layers" within the chosen model: lowered to its layer count when it has
    fewer (a 2-layer model cannot train its top 3), and given back when a bigger model is chosen
    again, unless the user changed it meanwhile. Returns the layer count when it lowered it."""
    s = st.session_state
    fitted = s.get(TOP_K_FITTED)
    if fitted and s[TOP_K] == fitted[1] and (not layers or fitted[0] <= layers):
        s[TOP_K] = fitted[0]
        del s[TOP_K_FITTED]
    if layers and s[TOP_K] > layers:
        s[TOP_K_FITTED] = (s.get(TOP_K_FITTED, (s[TOP_K],))[0], layers)
        s[TOP_K] = layers
    if s.get(TOP_K_FITTED) and s[TOP_K] == s[TOP_K_FITTED][1]:
        return layers
    return None


def settings_from_form(model: str, data: str) -> TrainSettings:
    s = st.session_state
    kind = s[LAYERS_KIND]
    layers = f"top-{int(s[TOP_K])}" if kind == "top" else kind
    by_steps = s[LENGTH_MODE] == "steps"
    return TrainSettings(
        model=model,
        data=data,
        from_scratch=s[ARCH] if s[SOURCE] == "scratch" else "",
        scratch_layers=int(s[SCRATCH_LAYERS]) if s[SOURCE] == "scratch" else 0,
        train_size=int(s[TRAIN_SIZE]),
        validation_size=int(s[VAL_SIZE]),
        test_size=int(s[TEST_SIZE]),
        max_length=int(s[MAX_LENGTH]),
        truncation=str(s[TRUNCATION]),
        batch_size=int(s[BATCH]),
        learning_rate=float(s[LR]),
        head_factor=float(s[HEAD_FACTOR]),
        steps=int(s[STEPS]) if by_steps else None,
        epochs=None if by_steps else int(s[EPOCHS]),
        train_layers=layers,
        keep_dropout=bool(s[KEEP_DROPOUT]),
        group_by_length=bool(s[GROUP_BY_LENGTH]),
        seed=int(s[SEED]),
        probes=probe_lines(),
        probe_every=int(s[PROBE_EVERY]),
        eval_every=int(s[EVAL_EVERY]),
        checkpoint_every=int(s[CHECKPOINT_EVERY]),
        jit_compile=bool(s[JIT]),
    )


def model_folder_for(source: str) -> Path | None:
    """The local folder of a model source, when it is on disk already (None otherwise)."""
    from attnviz.nlp.training.settings import local_model_folder

    return local_model_folder(source)


def preflight(settings: TrainSettings) -> None:
    """Raise the NlpError the run would fail with at once (see settings.preflight)."""
    from attnviz.nlp.training.settings import preflight as check

    check(settings)


# --- importing a run ------------------------------------------------------------------------------

IMPORTS = "ft.imports"  # how many imports this browser session tried (also names the upload box)
MAX_IMPORTS_PER_SESSION = 5


def import_run(upload, reg: JobRegistry):
    """Import an uploaded zip as a run. Each try gets a new upload box, so Streamlit drops the
    file from memory at once; a session may try a few times, the server one import at a time."""
    from attnviz.nlp.training import runs

    if not reg.may_start(who()):
        raise runs.RunError("import_teacher_only", "Only the teacher can import runs.")
    s = st.session_state
    tries = int(s.get(IMPORTS, 0))
    if tries >= MAX_IMPORTS_PER_SESSION:
        raise runs.RunError(
            "import_quota", "This session imported enough runs.", limit=MAX_IMPORTS_PER_SESSION
        )
    s[IMPORTS] = tries + 1
    return runs.import_zip(upload, upload.name, reg.root)
