"""Fixtures for the training tests: an isolated ATTNVIZ_HOME, tiny models, small labelled files."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

POSITIVE = "good great best love loved fun funny beautiful happy joy won".split()
NEGATIVE = "bad awful worst hate hated boring ugly sad angry fear lost".split()
FILLER = "the a movie film story plot actor it was is very really so".split()
TOPICS = {
    "World": "world city river paris capital france people".split(),
    "Sports": "game team won lost sport sports time".split(),
    "Business": "market business news people world".split(),
}


@pytest.fixture(autouse=True)
def isolated_home(isolated_home):
    """Every training test gets the root conftest's isolated ATTNVIZ_HOME (and no real Hub)."""
    return isolated_home


def sentiment_rows(count: int, seed: int = 0) -> list[tuple[str, str]]:
    """Short texts whose label shows in their words (learnable in a few steps)."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        label = "pos" if i % 2 == 0 else "neg"
        words = rng.sample(FILLER, 4) + rng.sample(POSITIVE if label == "pos" else NEGATIVE, 2)
        rng.shuffle(words)
        rows.append((" ".join(words), label))
    return rows


def topic_rows(count: int, seed: int = 0) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    names = list(TOPICS)
    rows = []
    for i in range(count):
        label = names[i % len(names)]
        words = rng.sample(FILLER, 3) + rng.sample(TOPICS[label], 3)
        rng.shuffle(words)
        rows.append((" ".join(words), label))
    return rows


def write_csv(path: Path, rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    return path


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    """``tiny_model_dir(arch="distilbert", num_labels=2)`` -> a tiny classifier folder (built once)."""
    from tests.helpers.tiny_models import make_tiny_classifier_dir

    root = tmp_path_factory.mktemp("tiny-training-models")
    made = {}

    def get(arch: str = "distilbert", num_labels: int = 2) -> Path:
        if (arch, num_labels) not in made:
            made[(arch, num_labels)] = make_tiny_classifier_dir(root, arch, num_labels)
        return made[(arch, num_labels)]

    return get


@pytest.fixture(scope="session")
def sentiment_csv(tmp_path_factory) -> Path:
    return write_csv(tmp_path_factory.mktemp("data") / "sentiment.csv", sentiment_rows(160))


@pytest.fixture(scope="session")
def topics_csv(tmp_path_factory) -> Path:
    return write_csv(tmp_path_factory.mktemp("data") / "topics.csv", topic_rows(150))


def tiny_settings(model: Path, data: Path, **overrides):
    """Settings for a run of a few steps on a tiny model (no XLA: nothing to compile)."""
    from attnviz.nlp.training.settings import TrainSettings

    values = dict(
        model=str(model),
        data=str(data),
        train_size=96,
        validation_size=24,
        test_size=24,
        max_length=24,
        batch_size=8,
        learning_rate=5e-3,
        steps=6,
        epochs=None,
        train_layers="all",
        seed=1,
        probes=["the movie was good", "an awful boring film"],
        probe_every=2,
        eval_every=3,
        checkpoint_every=0,
        jit_compile=False,
    )
    values.update(overrides)
    return TrainSettings(**values)
