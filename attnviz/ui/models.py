"""Streamlit glue for models and data: one cached copy per server process, pickers, download
progress, and errors (no network included) shown as one clear sentence in the page's language.

Nothing here imports TensorFlow at import time, and ``attnviz.nlp`` is imported inside the
functions: the home page shows what is on disk with plain file-system code (``attnviz.nlp.paths``).

    bundle = classifier_or_explain(model_picker())
    if bundle:
        output = bundle.extractor(text)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from attnviz.i18n import has_key
from attnviz.ui.hosting import hosted
from attnviz.ui.language import t

CLASSIFICATION = "classification"
QUESTION_ANSWERING = "qa"
OTHER = "__other__"
UPLOAD = "__upload__"
PATH = "__path__"


@dataclass
class ModelBundle:
    """A loaded model with its compiled attention extractor, shared by every session."""

    loaded: object  # attnviz.nlp.loading.LoadedModel
    extractor: object  # attnviz.nlp.attention.AttentionExtractor


# --- errors ---------------------------------------------------------------------------------------


def error_text(error: Exception) -> str:
    """An ``NlpError`` in the page's language (its English message if the code has no string)."""
    code = getattr(error, "code", None)
    if code:
        key = f"nlp.error.{code}"
        if not has_key(key):
            return str(error)
        try:
            text = t(key, **getattr(error, "details", {}))
        except (KeyError, IndexError, ValueError):
            text = key
        if text != key:
            return text
    return str(error)


def show_error(error: Exception) -> None:
    st.error(error_text(error), icon=":material/error:")


# --- models ---------------------------------------------------------------------------------------


def classifier_or_explain(
    source: str, num_labels: int | None = None, max_length: int = 512
) -> ModelBundle | None:
    """The classifier for ``source`` (fetched first if needed, with a progress bar), or None after
    showing why not (no network, unknown model, bad folder)."""
    return _bundle_or_explain(source, CLASSIFICATION, num_labels, max_length)


def question_answering_or_explain(source: str, max_length: int = 384) -> ModelBundle | None:
    return _bundle_or_explain(source, QUESTION_ANSWERING, None, max_length)


def _bundle_or_explain(source: str, task: str, num_labels: int | None, max_length: int) -> ModelBundle | None:
    from attnviz.nlp.errors import NlpError
    from attnviz.ui.model_shelf import shelved

    try:
        folder = folder_with_progress(source)
        with st.spinner(t("models.loading", name=source)):
            bundle = shelved(
                ("bundle", str(folder.resolve()), task, num_labels, max_length),
                lambda: _load_bundle(str(folder.resolve()), task, num_labels, max_length, source),
                name=source,
                folder=folder,
            )
    except NlpError as error:
        show_error(error)
        return None
    if bundle.loaded.new_head and task == CLASSIFICATION:
        st.info(t("models.new_head"), icon=":material/info:")
    return bundle


def folder_with_progress(source: str) -> Path:
    """Resolve to a local folder; a download shows a progress bar that disappears when done."""
    from attnviz.nlp.loading import resolve_model_folder

    slot = st.empty()

    def report(progress) -> None:
        slot.progress(
            progress.fraction,
            text=t(
                "models.downloading",
                name=source,
                done=f"{progress.done_bytes / 2**20:.0f}",
                total=f"{progress.total_bytes / 2**20:.0f}",
            ),
        )

    try:
        return resolve_model_folder(source, progress=report)
    finally:
        slot.empty()


def _load_bundle(folder: str, task: str, num_labels: int | None, max_length: int, source: str) -> ModelBundle:
    """One copy per (folder, task, labels, length) in the whole server, kept on the server's shelf
    of models (one memory budget for every page)."""
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.loading import load_classifier, load_question_answering

    loaded = (
        load_question_answering(folder) if task == QUESTION_ANSWERING else load_classifier(folder, num_labels)
    )
    loaded.source = source
    return ModelBundle(loaded, AttentionExtractor(loaded, max_length=max_length))


def model_picker(task: str = CLASSIFICATION, *, key: str = "model", label: str | None = None) -> str:
    """Catalog models for ``task`` (marked when on disk), local folders under ATTNVIZ_HOME/models,
    and "other" (a Hub id or a folder path). Returns the source to load."""
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.paths import local_models

    entries = catalog.models_for(task)
    downloaded = {hub.model_download_dir(e.name).name for e in entries}
    options = [e.name for e in entries] + [n for n in local_models() if n not in downloaded]
    if not hosted():  # a public server never downloads or reads what a visitor names
        options.append(OTHER)
    names = {e.name: e for e in entries}

    def describe(option: str) -> str:
        if option == OTHER:
            return t("models.picker.other")
        return option if option in names else t("models.picker.local_option", name=option)

    # The box shows the name alone: with the shape and size beside it, a long name was cut off in a
    # narrow column or on a phone. The chosen catalog model's shape and size go in a line under it.
    choice = st.selectbox(
        label or t("models.picker.label"), options, format_func=describe, key=f"{key}.choice"
    )
    if choice in names:
        entry = names[choice]
        status = t("models.storage.on_disk") if hub.downloaded_model(choice) else f"~{entry.download_mb} MB"
        st.caption(t("models.picker.details", layers=entry.layers, heads=entry.heads, status=status))
    if choice != OTHER:
        return choice
    return st.text_input(
        t("models.picker.other_label"), key=f"{key}.other", help=t("models.picker.other_help")
    ).strip()


def preselect_on_disk(model_key: str, data_key: str) -> None:
    """A form's first draw: when the default model or data set is not on disk and the Hub cannot
    be reached, preselect what is on disk instead (a local classifier, a fetched or local data set;
    no data at all: the upload option), and say so in one sentence."""
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.errors import HubUnreachable
    from attnviz.nlp.paths import local_datasets, local_models, models_dir

    model_choice, data_choice = f"{model_key}.choice", f"{data_key}.choice"
    if model_choice in st.session_state and data_choice in st.session_state:
        return
    default_model, default_data = catalog.default_model(), catalog.default_dataset()
    if hub.downloaded_model(default_model.name) and hub.downloaded_dataset(default_data.name):
        return
    try:
        hub.check_hub()
        return
    except HubUnreachable:
        pass
    if model_choice not in st.session_state and not hub.downloaded_model(default_model.name):
        fetched = [e.name for e in catalog.models_for(CLASSIFICATION) if hub.downloaded_model(e.name)]
        local = [
            n
            for n in local_models()
            if catalog.local_model_task(models_dir() / n) in (CLASSIFICATION, catalog.BASE_MODEL, None)
        ]
        if fetched or local:
            st.session_state[model_choice] = (fetched or local)[0]
        else:
            st.info(t("models.offline_no_model", models=str(models_dir())), icon=":material/cloud_off:")
    if data_choice not in st.session_state and not hub.downloaded_dataset(default_data.name):
        fetched = [e.name for e in catalog.DATASETS.values() if hub.downloaded_dataset(e.name)]
        on_disk = fetched + local_datasets()
        st.session_state[data_choice] = on_disk[0] if on_disk else UPLOAD
        if not on_disk:
            st.info(t("data.offline_no_data"), icon=":material/cloud_off:")


def typical_texts(choice: DataChoice | None, sizes: tuple, seed: int) -> list[str] | None:
    """Some texts like the chosen data's, for the cost estimate's typical length: the training
    texts of a file or an upload; for a catalog data set, a text of its mean length. None when
    unknown (not downloaded, unreadable)."""
    from attnviz.nlp import catalog

    if choice is None:
        return None
    entry = catalog.find_dataset(choice.source) if choice.source else None
    if entry is not None:
        return ["x" * entry.mean_chars] if entry.mean_chars else None
    data = (
        _data_if_readable(choice, sizes, seed)
        if choice.upload_name or Path(choice.source).expanduser().exists()
        else None
    )
    return list(data["train"]["text"][:2000]) if data is not None else None


def data_language(choice: DataChoice | None, sizes: tuple, seed: int) -> str | None:
    """The language of the chosen data ("en" or "es"): the catalog's data sets are English; a file or
    an upload is read (cached, as the start button reads it) and guessed from its words."""
    from attnviz.nlp import catalog
    from attnviz.nlp.language import guess_language

    if choice is None:
        return None
    entry = catalog.find_dataset(choice.source) if choice.source else None
    if entry is not None:
        return entry.language
    if choice.source and not choice.upload_name and not Path(choice.source).expanduser().exists():
        return None
    data = _data_if_readable(choice, sizes, seed)
    return guess_language(data["train"]["text"][:300]) if data is not None else None


# --- data -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataChoice:
    """What the user picked: a source (catalog name, Hub id, path) or an upload."""

    source: str = ""
    upload_name: str = ""
    upload_bytes: bytes = b""

    @property
    def name(self) -> str:
        return self.upload_name or self.source


def data_picker(*, key: str = "data", label: str | None = None) -> DataChoice | None:
    """Catalog data sets, data sets fetched before, an upload, or a path on the server.
    Returns None while nothing usable is chosen (no file uploaded yet, empty path)."""
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.paths import local_datasets

    entries = list(catalog.DATASETS.values())
    downloaded = {hub.dataset_download_dir(e.name).name for e in entries}
    options = [e.name for e in entries] + [n for n in local_datasets() if n not in downloaded] + [UPLOAD]
    if not hosted():  # a public server never reads a folder a visitor names
        options.append(PATH)
    names = {e.name: e for e in entries}

    def describe(option: str) -> str:
        if option in (UPLOAD, PATH):
            return t("data.picker.upload" if option == UPLOAD else "data.picker.path")
        entry = names.get(option)
        if entry is None:
            return t("models.picker.local_option", name=option)
        status = t("models.storage.on_disk") if hub.downloaded_dataset(option) else f"~{entry.download_mb} MB"
        return t("data.picker.option", name=option, classes=len(entry.label_names), status=status)

    choice = st.selectbox(label or t("data.picker.label"), options, format_func=describe, key=f"{key}.choice")
    if choice == UPLOAD:
        file = st.file_uploader(
            t("data.picker.upload_label"),
            type=["csv", "tsv", "jsonl", "json", "parquet"],
            key=f"{key}.upload",
        )
        return DataChoice(upload_name=file.name, upload_bytes=file.getvalue()) if file else None
    if choice == PATH:
        path = st.text_input(
            t("data.picker.path_label"), key=f"{key}.path", help=t("data.picker.path_help")
        ).strip()
        return DataChoice(source=path) if path else None
    return DataChoice(source=choice)


def data_or_explain(choice: DataChoice, *, sizes=None, seed: int = 0):
    """The DatasetDict for ``choice`` (cached per server), or None after showing why not."""
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.splits import SplitSizes

    sizes = sizes or SplitSizes()
    try:
        with st.spinner(t("data.loading", name=choice.name)):
            return _cached_data(
                choice.source,
                choice.upload_name,
                choice.upload_bytes,
                (sizes.train, sizes.validation, sizes.test),
                seed,
            )
    except NlpError as error:
        show_error(error)
        return None


def label_count(choice: DataChoice, sizes: tuple, seed: int) -> int | None:
    """How many classes the chosen data has, without downloading: from the catalog, or from the
    data itself when it is a file or an upload (read once and cached, as the start button reads
    it). None when it cannot be known yet."""
    from attnviz.nlp import catalog, hub

    entry = catalog.find_dataset(choice.source) if choice.source else None
    if entry is not None:
        return len(entry.label_names)
    if (
        choice.source
        and not choice.upload_name
        and not Path(choice.source).expanduser().exists()
        and hub.downloaded_dataset(choice.source) is None
    ):
        return None
    data = _data_if_readable(choice, sizes, seed)
    return len(data["train"].features["label"].names) if data is not None else None


def _data_if_readable(choice: DataChoice, sizes: tuple, seed: int):
    """The chosen file's or upload's DatasetDict (cached), or None when it cannot be read (the
    start button says why)."""
    from attnviz.nlp.errors import NlpError

    try:
        return _cached_data(choice.source, choice.upload_name, choice.upload_bytes, tuple(sizes), int(seed))
    except (NlpError, ValueError, OSError):
        return None


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_data(source: str, upload_name: str, upload_bytes: bytes, sizes: tuple, seed: int):
    from attnviz.nlp import data
    from attnviz.nlp.splits import SplitSizes

    split_sizes = SplitSizes(*sizes)
    if upload_name:
        return data.load_upload(upload_bytes, upload_name, sizes=split_sizes, seed=seed)
    return data.load_data(source, sizes=split_sizes, seed=seed)


# --- what is on disk (home page) --------------------------------------------------------------------


def storage_section() -> None:
    """Which catalog models and data sets are on disk, and a button to fetch the defaults."""
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.paths import attnviz_home, local_datasets, local_models, models_dir

    st.subheader(t("models.storage.title"))
    st.markdown(t("models.storage.intro"))
    st.caption(t("models.storage.home", path=str(attnviz_home())))

    def mark(on_disk: bool) -> str:
        return t("models.storage.on_disk") if on_disk else t("models.storage.missing")

    model_rows = [
        {
            t("models.storage.col_name"): e.name,
            t("models.storage.col_task"): t(f"models.task.{e.task}"),
            t("models.storage.col_shape"): f"{e.layers} × {e.heads}",
            t("models.storage.col_size"): f"~{e.download_mb} MB",
            t("models.storage.col_status"): mark(hub.downloaded_model(e.name) is not None),
        }
        for e in catalog.MODELS.values()
    ]
    known = {hub.model_download_dir(e.name).name for e in catalog.MODELS.values()}
    for name in local_models():
        if name in known:
            continue
        info = catalog.describe_local_model(models_dir() / name)
        model_rows.append(
            {
                t("models.storage.col_name"): name,
                t("models.storage.col_task"): t(f"models.task.{info.task}") if info.task else "?",
                t("models.storage.col_shape"): f"{info.layers} × {info.heads}"
                if info.layers and info.heads
                else "?",
                t("models.storage.col_size"): f"{info.size_mb} MB",
                t("models.storage.col_status"): t("models.storage.local"),
            }
        )
    data_rows = [
        {
            t("models.storage.col_name"): e.name,
            t("models.storage.col_classes"): len(e.label_names),
            t("models.storage.col_size"): f"~{e.download_mb} MB",
            t("models.storage.col_status"): mark(hub.downloaded_dataset(e.name) is not None),
        }
        for e in catalog.DATASETS.values()
    ]
    known = {hub.dataset_download_dir(e.name).name for e in catalog.DATASETS.values()}
    data_rows += [
        {t("models.storage.col_name"): name, t("models.storage.col_status"): t("models.storage.local")}
        for name in local_datasets()
        if name not in known
    ]
    # one above the other: side by side, the status columns scrolled out of sight
    st.markdown(f"**{t('models.storage.models')}**")
    st.dataframe(model_rows, hide_index=True)
    st.markdown(f"**{t('models.storage.datasets')}**")
    st.dataframe(data_rows, hide_index=True)

    defaults = _default_downloads()
    total = sum(mb for _, _, mb in defaults)
    missing = [
        (kind, name)
        for kind, name, _ in defaults
        if (hub.downloaded_model(name) if kind == "model" else hub.downloaded_dataset(name)) is None
    ]
    help_text = t("models.storage.fetch_help", names=", ".join(name for _, name, _ in defaults), mb=total)
    if st.button(
        t("models.storage.fetch"),
        key="models.fetch_defaults",
        icon=":material/download:",
        help=help_text,
        disabled=not missing,
    ):
        fetch_with_progress(missing)
    if not missing:
        st.caption(t("models.storage.nothing_to_fetch"))


def _default_downloads() -> list[tuple[str, str, int]]:
    from attnviz.nlp import catalog

    classifier = catalog.default_model()
    reader = catalog.default_model(catalog.QUESTION_ANSWERING)
    data = catalog.default_dataset()
    return [
        ("model", classifier.name, classifier.download_mb),
        ("model", reader.name, reader.download_mb),
        ("data", data.name, data.download_mb),
    ]


def fetch_with_progress(items: list[tuple[str, str]]) -> bool:
    """Download ("model" | "data", name) items with a progress bar each. True when all arrived."""
    from attnviz.nlp import hub
    from attnviz.nlp.errors import NlpError

    for kind, name in items:
        bar = st.progress(0.0, text=t("models.storage.fetching", name=name))

        def report(progress, bar=bar, name=name) -> None:
            bar.progress(
                progress.fraction,
                text=t(
                    "models.downloading",
                    name=name,
                    done=f"{progress.done_bytes / 2**20:.0f}",
                    total=f"{progress.total_bytes / 2**20:.0f}",
                ),
            )

        try:
            if kind == "model":
                hub.download_model(name, progress=report)
            else:
                hub.download_dataset(name, progress=report)
        except NlpError as error:
            bar.empty()
            show_error(error)
            return False
        bar.progress(1.0, text=t("models.storage.fetched_one", name=name))
    st.success(t("models.storage.fetched"), icon=":material/check_circle:")
    return True
