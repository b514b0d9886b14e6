"""Fixtures for the nlp tests: an isolated ATTNVIZ_HOME, no real Hub, tiny models built once."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.shared_data import MINILM, RT_POLARITY, SHARED  # noqa: F401  (used by the tests)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Every test writes into its own ATTNVIZ_HOME, and the real Hub is never contacted:
    HF_ENDPOINT points at a closed local port unless a test serves a stand-in Hub."""
    from attnviz.nlp import hub

    home = tmp_path / "attnviz-home"
    monkeypatch.setenv("ATTNVIZ_HOME", str(home))
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    hub.forget_probe()
    yield home
    hub.forget_probe()


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory):
    """``tiny_dir(arch, task="classification", num_labels=2, weights="h5")`` -> a model folder,
    built once per session."""
    from tests.helpers.tiny_models import make_tiny_classifier_dir, make_tiny_qa_dir

    root = tmp_path_factory.mktemp("tiny-models")
    made: dict = {}

    def get(arch: str = "distilbert", task: str = "classification", num_labels: int = 2, weights: str = "h5") -> Path:
        key = (arch, task, num_labels, weights)
        if key not in made:
            if task == "qa":
                made[key] = make_tiny_qa_dir(root, arch, weights=weights)
            else:
                made[key] = make_tiny_classifier_dir(root, arch, num_labels, weights=weights)
        return made[key]

    return get


@pytest.fixture(scope="session")
def tiny_loaded(tiny_dir):
    """``tiny_loaded(arch, task)`` -> (LoadedModel, AttentionExtractor), loaded once per session."""
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.loading import load_classifier, load_question_answering

    made: dict = {}

    def get(arch: str = "distilbert", task: str = "classification"):
        if (arch, task) not in made:
            folder = tiny_dir(arch, task)
            loaded = load_question_answering(folder) if task == "qa" else load_classifier(folder)
            made[(arch, task)] = (loaded, AttentionExtractor(loaded))
        return made[(arch, task)]

    return get
