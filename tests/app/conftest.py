"""Fixtures of the AppTest modules: a data folder for the model pages, with tiny "pretrained" and
"fine-tuned" DistilBERTs as a local model and as finished runs (a module may define its own
``home``)."""

import time

import pytest

from tests.app.heatmap_runs import add_run


@pytest.fixture(scope="module")
def model_dirs(tmp_path_factory):
    """A tiny "pretrained" DistilBERT and a "fine-tuned" copy with other weights, same tokenizer."""
    from tests.helpers.tiny_models import make_tiny_classifier_dir

    root = tmp_path_factory.mktemp("heatmap-models")
    return (
        make_tiny_classifier_dir(root, "distilbert", name="tiny-pretrained", seed=0),
        make_tiny_classifier_dir(root, "distilbert", name="tiny-finetuned", seed=1),
    )


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "attnviz-home"
    for sub in ("models", "runs", "datasets"):
        (home / sub).mkdir(parents=True)
    monkeypatch.setenv("ATTNVIZ_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # no machine here reaches the Hub
    return home


@pytest.fixture
def full_home(home, model_dirs):
    import shutil

    pretrained, finetuned = model_dirs
    shutil.copytree(pretrained, home / "models" / "tiny-pretrained")
    add_run(home, "older-run", pretrained, when=time.time() - 3600)
    add_run(home, "quick-run", finetuned)
    add_run(home, "still-training", finetuned, state="running")
    return home


@pytest.fixture
def bare_language():
    """AppTest draws a widget's option labels (``format_func``) in the test's own process, outside
    any session, where the page's language is the default: a test in English puts ``"en"`` in
    that bare session (``bare_language["lang"] = "en"``); it is cleared after the test."""
    import streamlit as st

    yield st.session_state
    st.session_state.pop("lang", None)
