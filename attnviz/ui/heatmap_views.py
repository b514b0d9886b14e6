"""The heatmap page's top half: model choice, text box, loading, the analysis of the text, the
prediction, the model view grid and the chosen head (large heatmap and head view).

The maths lives in ``attnviz.core`` (views, metrics, rollout) and the figures in
``attnviz.render.heatmaps`` / ``attnviz.render.head_view``; this module calls them and draws.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

import numpy as np
import streamlit as st

from attnviz.core.attention_views import AttentionView, SpecialTokens, build_view, merge_word_pieces
from attnviz.render import heatmaps as fa
from attnviz.render.head_view import head_view_html
from attnviz.ui import heatmap_state as hs
from attnviz.ui.display import large_text, show_built_figure
from attnviz.ui.language import current_language, t
from attnviz.ui.models import ModelBundle, classifier_or_explain, model_picker, show_error
from attnviz.ui.pages import page_link
from attnviz.ui.shared_results import SharedResults
from attnviz.ui.visitor import phone_browser

EXAMPLES = 5
THUMBNAIL_CELLS = 128  # model view tiles of longer texts are pooled down to this many cells
HEAD_VIEW_MAX_TOKENS = 128  # beyond this the lines of the head view are a blur (and slow to draw)
CACHE_MAX_BYTES = 8 * 2**20  # one kept analysis at most (the default example is ~0.1 MB)
SHARED_RESULTS = 16  # analyses kept for all sessions together: at most 128 MB
_ABLATOR_LOCK = threading.Lock()


# --- what the page works on -----------------------------------------------------------------------


@dataclass(frozen=True)
class RunModel:
    name: str
    folder: Path  # the run's model/ folder (save_pretrained format)
    finished_at: float
    base_model: str  # the checkpoint it was fine-tuned from ("" if unknown)
    language: str = "en"  # the language of the data it was fine-tuned on


def finished_runs() -> list[RunModel]:
    """Finished fine-tuning runs with a complete model folder, the latest finished first."""
    from attnviz.nlp.paths import is_model_dir
    from attnviz.nlp.training.runs import FINISHED, MODEL, list_runs

    found = []
    for run in list_runs():
        if run.state == FINISHED and is_model_dir(run.path / MODEL):
            when = run.status.get("updated_at")
            when = float(when) if isinstance(when, (int, float)) else run.created_at
            found.append(
                RunModel(
                    run.name,
                    run.path / MODEL,
                    when,
                    str(run.settings.get("model") or ""),
                    _data_language(run.path),
                )
            )
    return sorted(found, key=lambda r: (-r.finished_at, r.name))


@dataclass(frozen=True)
class Choice:
    mode: str
    run: RunModel | None
    pretrained: str  # a model_picker source ("" when not used)


@dataclass(frozen=True)
class Options:
    hide_special: bool
    merge_words: bool
    average: str
    limit: int


@dataclass(frozen=True)
class Analysis:
    output: object  # attnviz.nlp.attention.AttentionOutput of the part used
    used_text: str
    total_tokens: int  # the whole text, special tokens included
    cut_tokens: int


@dataclass
class Shown:
    """One model's result on the text, ready to draw."""

    name: str
    bundle: ModelBundle
    analysis: Analysis
    special: SpecialTokens
    view: AttentionView

    @property
    def output(self):
        return self.analysis.output


def model_choice(runs: list) -> Choice | None:
    """Saved run, pretrained model or both. None (after saying why and how to get one) when no
    model can be had: no run, no model folder on disk and no Hub."""
    from attnviz.nlp import hub
    from attnviz.nlp.errors import HubUnreachable
    from attnviz.nlp.paths import local_models, models_dir, runs_dir

    on_disk = local_models()
    if not runs and not on_disk:
        try:
            hub.check_hub()
        except HubUnreachable:
            st.warning(
                t("heatmaps.no_model", runs=str(runs_dir()), models=str(models_dir())),
                icon=":material/cloud_off:",
            )
            fine_tuning_link()
            return None
    modes = list(hs.MODES) if runs else ["pretrained"]
    if st.session_state.get(hs.MODE) not in modes:
        st.session_state[hs.MODE] = modes[0]
    left, right = st.columns([1.3, 2])
    with left:
        mode = st.segmented_control(
            t("heatmaps.mode"),
            modes,
            key=hs.MODE,
            required=True,
            format_func=lambda m: t(f"heatmaps.mode.{m}"),
        )
    run = None
    with right:
        if runs:
            names = [r.name for r in runs]
            linked = hs.pending("run")
            if linked in names:
                st.session_state[hs.RUN] = linked
            if st.session_state.get(hs.RUN) not in names:
                st.session_state[hs.RUN] = names[0]  # the latest finished run
            by_name = {r.name: r for r in runs}
            if mode in ("run", "both"):
                name = st.selectbox(
                    t("heatmaps.run"), names, key=hs.RUN, format_func=lambda n: _run_label(by_name[n])
                )
                run = by_name[name]
        else:
            st.caption(t("heatmaps.no_runs"))
            fine_tuning_link()
        pretrained = ""
        if mode in ("pretrained", "both"):
            _default_pretrained(on_disk, by_name.get(st.session_state.get(hs.RUN)) if runs else None)
            pretrained = model_picker(key=hs.PRETRAINED, label=t("heatmaps.pretrained"))
    return Choice(mode, run, pretrained)


def fine_tuning_link() -> None:
    from streamlit.errors import StreamlitAPIException

    # StreamlitAPIException, KeyError: the page is not part of this app's navigation
    with contextlib.suppress(StreamlitAPIException, KeyError):
        page_link("fine_tuning")


def _run_label(run) -> str:
    when = datetime.fromtimestamp(run.finished_at).strftime("%Y-%m-%d %H:%M") if run.finished_at else "?"
    return " · ".join(x for x in (run.name, when, run.base_model) if x)


def _default_pretrained(on_disk: list[str], run) -> None:
    """Preselect the pretrained model: from the link, else the run's base model or anything on disk."""
    from attnviz.nlp import catalog, hub
    from attnviz.ui.hosting import hosted
    from attnviz.ui.models import OTHER

    key = f"{hs.PRETRAINED}.choice"
    names = [e.name for e in catalog.models_for(catalog.CLASSIFICATION)]
    options = names + [n for n in on_disk if n not in {hub.model_download_dir(x).name for x in names}]
    linked = hs.pending("pretrained")
    if linked:
        if linked in options:
            st.session_state[key] = linked
            return
        if not hosted():  # a public server never downloads or reads what a link names
            st.session_state[key] = OTHER
            st.session_state[f"{hs.PRETRAINED}.other"] = linked
            return
        st.warning(t("hosting.link_model_refused"), icon=":material/public:")
    if key in st.session_state:
        return
    local = [o for o in options if o in on_disk or hub.downloaded_model(o)]
    base = run.base_model if run is not None else ""
    if base in local:
        st.session_state[key] = base
    elif local:
        st.session_state[key] = local[0]


def examples_language(runs: list[RunModel], choice: Choice | None = None) -> str:
    """The language of the example texts: that of the data the shown run learnt (the latest
    finished run before one is chosen); English for the pretrained models, which are English."""
    run = (
        choice.run
        if choice is not None and choice.run is not None
        else (runs[0] if runs and (choice is None or choice.mode != "pretrained") else None)
    )
    return run.language if run is not None else "en"


def _data_language(run_path: Path) -> str:
    from attnviz.nlp.training.runs import read_json

    info = read_json(run_path / "run_info.json", {})
    language = info.get("data_language") if isinstance(info, dict) else None
    return language if language in ("en", "es") else "en"


def text_box(language: str) -> str | None:
    """Examples (in ``language``, the data's) and the text area. The text when it can be analysed;
    else None after a message (the text stays in the box)."""
    from attnviz.i18n import translate

    examples = [translate(language, f"heatmaps.example.{i}") for i in range(1, EXAMPLES + 1)]
    st.pills(t("heatmaps.examples"), examples, key=hs.EXAMPLE, on_change=hs.on_example)
    st.text_area(t("heatmaps.text"), key=hs.TEXT, height=90, help=t("heatmaps.text_help"))
    text = hs.keep_text()
    if not text.strip():
        st.info(t("heatmaps.empty_text"), icon=":material/edit:")
        return None
    if len(text) > hs.MAX_CHARS:
        st.error(
            t("heatmaps.huge_text", chars=f"{len(text):,}", limit=f"{hs.MAX_CHARS:,}"),
            icon=":material/error:",
        )
        return None
    return text


def load_models(choice: Choice) -> list[tuple[str, ModelBundle]] | None:
    """(name, bundle) per model shown: the run first, then the pretrained model."""
    wanted = []
    if choice.mode in ("run", "both") and choice.run is not None:
        wanted.append((t("heatmaps.finetuned_name", name=choice.run.name), str(choice.run.folder)))
    if choice.mode in ("pretrained", "both"):
        if not choice.pretrained:
            st.info(t("heatmaps.pick_pretrained"))
            return None
        wanted.append((t("heatmaps.pretrained_name", name=choice.pretrained), choice.pretrained))
    loaded = []
    for name, source in wanted:
        bundle = classifier_or_explain(source)
        if bundle is None:
            return None
        loaded.append((name, bundle))
    return loaded or None


def view_options(max_length: int) -> Options:
    limits = [n for n in hs.LIMITS if n < max_length] + [max_length]
    if st.session_state.get(hs.LIMIT) not in limits:
        st.session_state[hs.LIMIT] = (
            min(hs.DEFAULT_LIMIT, max_length) if hs.DEFAULT_LIMIT in limits else limits[-1]
        )
    cols = st.columns([1, 1, 1.4, 1])
    cols[0].toggle(t("heatmaps.hide_special"), key=hs.HIDE, help=t("heatmaps.hide_special_help"))
    cols[1].toggle(t("heatmaps.merge"), key=hs.MERGE, help=t("heatmaps.merge_help"))
    if st.session_state.get(hs.AVERAGE) not in hs.AVERAGES:
        st.session_state[hs.AVERAGE] = "none"
    cols[2].segmented_control(
        t("heatmaps.average"),
        hs.AVERAGES,
        key=hs.AVERAGE,
        required=True,
        format_func=lambda a: t(f"heatmaps.average.{a}"),
    )
    cols[3].selectbox(
        t("heatmaps.limit"), limits, key=hs.LIMIT, help=t("heatmaps.limit_help", max=max_length)
    )
    return Options(
        bool(st.session_state.get(hs.HIDE)),
        bool(st.session_state.get(hs.MERGE)),
        st.session_state[hs.AVERAGE],
        int(st.session_state[hs.LIMIT]),
    )


# --- the analysis -------------------------------------------------------------------------------


@contextlib.contextmanager
def long_text_turn(models: list[tuple[str, ModelBundle]], text: str, limit: int):
    """Around the page's work on a text: beyond ``HEAVY_TOKENS`` tokens a request waits for its
    turn (one long text at a time in the whole server, so its memory peak is the server's bound);
    after ``HEAVY_MAX_WAIT_SECONDS`` the page says the server is busy and stops (text kept)."""
    from attnviz.ui.run_gate import HEAVY_TOKENS, heavy_turn

    tokens = min(limit, max(bundle.extractor.cut_to(text, limit)[1] for _, bundle in models))
    if tokens <= HEAVY_TOKENS:
        yield
        return
    with st.spinner(t("heatmaps.waiting_long")), heavy_turn() as my_turn:
        if not my_turn:
            st.warning(t("heatmaps.busy_long", tokens=HEAVY_TOKENS), icon=":material/hourglass_top:")
            st.stop()
        yield


def analyse(bundle: ModelBundle, text: str, limit: int) -> Analysis | None:
    """The model's attention on ``text``, cut to ``limit`` tokens. Results are shared by every
    session (thirty students opening the same example run the model once) and kept small."""
    from attnviz.nlp.errors import NlpError

    key = (str(bundle.loaded.folder), id(bundle.loaded), text, limit)
    kept = _shared_results().get(key)
    if kept is not None:
        return kept
    try:
        result = _analyse(bundle.extractor, text, limit)
    except NlpError as error:
        show_error(error)
        return None
    # only small results are kept (a 512-token text is 6 x 12 x 512 x 512 floats: 75 MB)
    if result.output.attentions.nbytes <= CACHE_MAX_BYTES:
        _shared_results().put(key, result)
    return result


@st.cache_resource(show_spinner=False)
def _shared_results() -> SharedResults:
    return SharedResults(SHARED_RESULTS)


def _analyse(extract, text: str, limit: int) -> Analysis:
    used, total = extract.cut_to(text, limit)  # the tokenizer alone: the model runs once
    out = extract(used)
    return Analysis(out, used, total, max(0, total - len(out.tokens)))


def shown(name: str, bundle: ModelBundle, analysis: Analysis, options: Options) -> Shown:
    tokenizer = bundle.loaded.tokenizer
    special = SpecialTokens.from_tokenizer(tokenizer)
    out = analysis.output
    view = build_view(
        out.attentions,
        out.tokens,
        out.word_ids,
        special_tokens=special,
        hide_special=options.hide_special,
        merge_words=options.merge_words,
        average=options.average,
        byte_level=bundle.loaded.architecture == "roberta",
    )
    return Shown(name, bundle, analysis, special, view)


def truncation_note(analysis: Analysis, limit: int, max_length: int) -> None:
    if not analysis.cut_tokens:
        return
    key = "heatmaps.cut_model" if limit >= max_length else "heatmaps.cut_limit"
    st.warning(
        t(
            key,
            total=analysis.total_tokens,
            cut=analysis.cut_tokens,
            kept=len(analysis.output.tokens),
            limit=limit,
            max=max_length,
        ),
        icon=":material/content_cut:",
    )
    with st.expander(t("heatmaps.used_part")):
        st.text(analysis.used_text)


def predictions(items: list[Shown]) -> None:
    cols = st.columns(len(items))
    for col, item in zip(cols, items):
        out = item.output
        with col:
            st.markdown(
                t(
                    "heatmaps.prediction",
                    model=item.name,
                    label=out.label,
                    p=f"{100 * float(out.probabilities[out.label_id]):.1f}",
                )
            )
            for i, p in enumerate(out.probabilities):  # a bar per class (lighter than a table)
                st.progress(
                    float(np.clip(p, 0.0, 1.0)),
                    text=f"{item.bundle.loaded.id2label.get(i, str(i))} · {100 * float(p):.1f} %",
                )
            if unnamed_labels(item.bundle.loaded.id2label):
                st.caption(t("heatmaps.unnamed_labels", count=len(out.probabilities)))


def unnamed_labels(id2label: dict) -> bool:
    """The checkpoint did not name its classes (transformers' defaults LABEL_0, LABEL_1, ...)."""
    return bool(id2label) and all(str(name) == f"LABEL_{i}" for i, name in id2label.items())


# --- model view and the chosen head -----------------------------------------------------------------


def head_pickers(num_layers: int, num_heads: int, options: Options) -> None:
    hs.clamp_head(num_layers, num_heads)
    cols = st.columns([1, 1, 2])
    cols[0].selectbox(
        t("heatmaps.layer"),
        list(range(num_layers)),
        key=hs.LAYER,
        format_func=lambda i: str(i + 1),
        disabled=options.average == "layers",
    )
    cols[1].selectbox(
        t("heatmaps.head"),
        list(range(num_heads)),
        key=hs.HEAD,
        format_func=lambda i: str(i + 1),
        disabled=options.average == "heads",
    )
    cols[2].caption(t("heatmaps.pick_hint"))


def view_index(view: AttentionView) -> tuple[int, int]:
    """The chosen head's position inside ``view`` (0 on an averaged axis)."""
    layer, head = hs.head()
    return (
        0 if view.layer_ids is None else min(layer, len(view.layer_ids) - 1),
        0 if view.head_ids is None else min(head, len(view.head_ids) - 1),
    )


def _axis_labels(view: AttentionView) -> tuple[list[str], list[str]]:
    layers = [t("heatmaps.avg")] if view.layer_ids is None else [str(i + 1) for i in view.layer_ids]
    heads = [t("heatmaps.avg")] if view.head_ids is None else [str(i + 1) for i in view.head_ids]
    return layers, heads


def thumbnails(view: AttentionView) -> np.ndarray:
    """The view's stack, pooled to at most THUMBNAIL_CELLS tokens a side for the model view."""
    n = len(view.labels)
    if n <= THUMBNAIL_CELLS:
        return view.attentions
    step = int(np.ceil(n / THUMBNAIL_CELLS))
    return merge_word_pieces(view.attentions, [""] * n, [i // step for i in range(n)]).attentions


def model_view_figure(
    item: Shown, width_share: float = 1.0, title: str = "", *, deferred=False, layer: int | None = None
):
    """The model view of ``item``; ``deferred=True`` returns a no-argument callable that builds it
    later, without touching the session (for a download made in another thread). ``layer``: only
    that layer's heads (a phone's screen), else every layer."""
    view = item.view
    layers, heads = _axis_labels(view)
    stack = thumbnails(view)
    selected, first_layer = view_index(view), 0
    if layer is not None and view.layer_ids is not None and 0 <= layer < stack.shape[0]:
        stack, layers, first_layer = stack[layer : layer + 1], layers[layer : layer + 1], layer
        selected = (0, selected[1]) if selected[0] == layer else None
    n_layers, n_heads = stack.shape[:2]
    height = int(100 + 52 * n_layers * min(1.0, 12 / n_heads) * width_share) if n_heads > 1 else None
    build = partial(
        fa.model_view,
        stack,
        layer_labels=layers,
        head_labels=heads,
        layer_title=t("heatmaps.layer"),
        head_title=t("heatmaps.head"),
        title=title,
        hover_hint=t("heatmaps.click_hint"),
        selected=selected,
        height=height,
        first_layer=first_layer,
    )
    return build if deferred else build()


def _grid_layer_choice(items: list[Shown]) -> int | None:
    """A picker "every layer / layer N" above the model view, when it has several layers; a phone
    starts on the chosen head's layer (twelve heads fit its width, seventy-two do not)."""
    view = items[0].view
    if view.layer_ids is None or len(view.layer_ids) < 2:
        return None
    options = ["all", *range(len(view.layer_ids))]
    if st.session_state.get(hs.GRID_LAYER) not in options:
        st.session_state[hs.GRID_LAYER] = view_index(view)[0] if phone_browser() else "all"
    st.selectbox(
        t("heatmaps.grid_layers"),
        options,
        key=hs.GRID_LAYER,
        format_func=lambda o: (
            t("heatmaps.grid_all_layers") if o == "all" else f"{t('heatmaps.layer')} {o + 1}"
        ),
    )
    chosen = st.session_state[hs.GRID_LAYER]
    return None if chosen == "all" else int(chosen)


def model_views(items: list[Shown]) -> None:
    layer = _grid_layer_choice(items)
    cols = st.columns(len(items))
    for number, (col, item) in enumerate(zip(cols, items)):
        with col:
            if not item.view.labels:  # only special tokens, hidden: head_detail says so
                continue
            build = model_view_figure(
                item, 1.0 / len(items), item.name if len(items) > 1 else "", deferred=True, layer=layer
            )
            if len(item.view.labels) > THUMBNAIL_CELLS:
                st.caption(t("heatmaps.pooled", cells=THUMBNAIL_CELLS))
            key = f"hm.model_view.{number}"
            show_built_figure(
                build,
                key=key,
                selection_mode="points",
                on_select=partial(
                    hs.on_head_selected,
                    key,
                    keep_layer=item.view.layer_ids is None,
                    keep_head=item.view.head_ids is None,
                ),
            )


def _layer_title(view: AttentionView) -> str:
    li, _ = view_index(view)
    return (
        t("heatmaps.avg_layers")
        if view.layer_ids is None
        else f"{t('heatmaps.layer')} {view.layer_ids[li] + 1}"
    )


def head_title(view: AttentionView) -> str:
    _, hi = view_index(view)
    head = (
        t("heatmaps.avg_heads") if view.head_ids is None else f"{t('heatmaps.head')} {view.head_ids[hi] + 1}"
    )
    return f"{_layer_title(view)} · {head}"


def head_figure(item: Shown, title: str = "", *, deferred=False):
    """The chosen head large (``deferred``: as a callable, see :func:`model_view_figure`)."""
    view = item.view
    li, hi = view_index(view)
    build = partial(
        fa.head_heatmap,
        view.attentions[li, hi],
        view.labels,
        empty_rows=view.empty_rows[li, hi],
        title=title or head_title(view),
        x_title=t("heatmaps.keys"),
        y_title=t("heatmaps.queries"),
    )
    return build if deferred else build()


def head_detail(items: list[Shown]) -> None:
    """The chosen head large, and its head view (lines between tokens)."""
    cols = st.columns(len(items))
    for number, (col, item) in enumerate(zip(cols, items)):
        with col:
            if not item.view.labels:
                st.info(t("heatmaps.nothing_left"))
                continue
            title = head_title(item.view) + (f" · {item.name}" if len(items) > 1 else "")
            show_built_figure(head_figure(item, title, deferred=True), key=f"hm.chart.head.{number}")
    st.markdown(f"**{t('heatmaps.head_view')}**")
    if st.session_state.get(hs.HEAD_VIEW) not in ("one", "layer"):
        st.session_state[hs.HEAD_VIEW] = "one"
    st.segmented_control(
        t("heatmaps.head_view_heads"),
        ["one", "layer"],
        key=hs.HEAD_VIEW,
        required=True,
        format_func=lambda v: t(f"heatmaps.head_view.{v}"),
    )
    cols = st.columns(len(items))
    for col, item in zip(cols, items):
        view = item.view
        if not view.labels:
            continue
        li, hi = view_index(view)
        every = st.session_state[hs.HEAD_VIEW] == "layer" and view.head_ids is not None
        heads = list(range(len(view.head_ids))) if every else [hi]
        names = [
            t("heatmaps.avg_heads")
            if view.head_ids is None
            else f"{t('heatmaps.head')} {view.head_ids[h] + 1}"
            for h in heads
        ]
        if len(view.labels) > HEAD_VIEW_MAX_TOKENS:
            col.caption(t("heatmaps.head_view_too_long", max=HEAD_VIEW_MAX_TOKENS))
            continue
        html = head_view_html(
            view.attentions[li, heads],
            view.labels,
            head_labels=names,
            title=_layer_title(view) if every else head_title(view),
            hint=t("heatmaps.head_view_hint"),
            lang=current_language(),
            font_size=18 if large_text() else 14,
        )
        with col:
            st.iframe(html)


# --- shared with the tabs ---------------------------------------------------------------------------


def ablator(bundle: ModelBundle):
    """The bundle's head ablator, made once (it compiles a forward pass) and kept with the model."""
    existing = getattr(bundle, "_attnviz_ablator", None)
    if existing is not None:
        return existing
    from attnviz.nlp.ablation import HeadAblator

    with _ABLATOR_LOCK:
        existing = getattr(bundle, "_attnviz_ablator", None)
        if existing is None:
            existing = HeadAblator(bundle.loaded)
            bundle._attnviz_ablator = existing
    return existing
