"""Fixtures for the nlp tests: an isolated ATTNVIZ_HOME, no real Hub, tiny models built once."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_home(isolated_home):
    """Every nlp test gets the root conftest's isolated ATTNVIZ_HOME (and no real Hub)."""
    return isolated_home


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory):
    """``tiny_dir(arch, task="classification", num_labels=2, weights="h5")`` -> a model folder,
    built once per session."""
    from tests.helpers.tiny_models import make_tiny_classifier_dir, make_tiny_qa_dir

    root = tmp_path_factory.mktemp("tiny-models")
    made: dict = {}

    def get(
        arch: str = "distilbert", task: str = "classification", num_labels: int = 2, weights: str = "h5"
    ) -> Path:
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
