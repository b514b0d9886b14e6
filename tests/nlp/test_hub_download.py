"""Downloads from a stand-in Hub on 127.0.0.1 (see standin_hub.py for what it emulates)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from attnviz.nlp import hub
from attnviz.nlp.errors import NlpError
from attnviz.nlp.paths import is_dataset_dir, is_model_dir
from tests.nlp.standin_hub import StandinHub

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hub_files(tmp_path_factory, tiny_dir):
    """Repository contents: a TF model, a PyTorch-safetensors-only model, and a parquet data set."""
    import datasets

    root = tmp_path_factory.mktemp("standin-repos")
    data = root / "data-repo"
    (data / "plain_text").mkdir(parents=True)
    features = datasets.Features(
        {"text": datasets.Value("string"), "label": datasets.ClassLabel(names=["bad", "good"])}
    )
    for split, n in (("train", 40), ("test", 20), ("unsupervised", 10)):
        rows = {
            "text": [f"{'good' if i % 2 else 'bad'} movie number {i}" for i in range(n)],
            "label": [i % 2 for i in range(n)],
        }
        datasets.Dataset.from_dict(rows, features=features).to_parquet(
            str(data / "plain_text" / f"{split}-00000-of-00001.parquet")
        )
    (data / "README.md").write_text("# a data set\n")
    return {"tf": tiny_dir("bert"), "pt": tiny_dir("bert", weights="pt-safetensors"), "data": data}


@pytest.fixture
def standin(hub_files, monkeypatch):
    import huggingface_hub.constants

    with StandinHub(chunk_delay_s=0.02, chunk_size=8192) as server:
        server.add_model("org/tiny-bert", hub_files["tf"])
        server.add_model("org/tiny-bert-pt", hub_files["pt"])
        server.add_dataset("org/tiny-reviews", hub_files["data"])
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
        # huggingface_hub writes in 10 MB chunks; our tiny files need smaller ones to show progress.
        monkeypatch.setattr(huggingface_hub.constants, "DOWNLOAD_CHUNK_SIZE", 8192)
        yield server


def test_model_download_with_progress_then_offline_reuse(standin, isolated_home):
    seen = []
    folder = hub.download_model("org/tiny-bert", progress=seen.append)
    assert folder == isolated_home.resolve() / "models" / "org--tiny-bert"
    assert is_model_dir(folder)
    assert (folder / "tf_model.h5").read_bytes() == (standin.repos[("model", "org/tiny-bert")]["tf_model.h5"])
    assert json.loads((folder / hub.SOURCE_FILE).read_text())["repo_id"] == "org/tiny-bert"
    # The weights went through the LFS-style redirect, as on the real Hub.
    assert any(path.startswith("/cdn/") for _, path in standin.requests)
    # Progress: byte counts that never go back and end at the total, seen mid-file too.
    done = [p.done_bytes for p in seen]
    assert done == sorted(done) and seen[-1].done_bytes == seen[-1].total_bytes > 0
    assert any(p.filename == "tf_model.h5" and 0 < p.fraction < 1 for p in seen)
    # A second request is served from disk without asking the Hub.
    before = len(standin.requests)
    assert hub.download_model("org/tiny-bert") == folder
    assert len(standin.requests) == before


def test_safetensors_only_repository_is_fetched_and_loads(standin):
    from attnviz.nlp.loading import load_classifier

    loaded = load_classifier("org/tiny-bert-pt")
    assert loaded.folder.name == "org--tiny-bert-pt"
    assert sorted(p.name for p in loaded.folder.glob("*.safetensors")) == ["model.safetensors"]
    assert not (loaded.folder / "tf_model.h5").exists()
    assert loaded.num_layers == 2 and not loaded.new_head


def test_unknown_repository(standin):
    with pytest.raises(NlpError) as caught:
        hub.download_model("org/does-not-exist")
    assert caught.value.code == "hub_not_found"


def test_dataset_download_keeps_the_wanted_files_and_loads(standin, monkeypatch):
    from attnviz.nlp import catalog
    from attnviz.nlp.data import SplitSizes, label_names, load_data

    entry = catalog.DatasetEntry(
        "tiny-reviews",
        "org/tiny-reviews",
        ("plain_text/train-*.parquet", "plain_text/test-*.parquet"),
        "text",
        "label",
        (),
    )
    monkeypatch.setitem(catalog.DATASETS, "tiny-reviews", entry)
    folder = hub.download_dataset("tiny-reviews")
    assert is_dataset_dir(folder)
    assert sorted(p.name for p in folder.rglob("*.parquet")) == [
        "test-00000-of-00001.parquet",
        "train-00000-of-00001.parquet",
    ]
    data = load_data("tiny-reviews", sizes=SplitSizes(validation=0.25, test=10), seed=3)
    assert label_names(data) == ["bad", "good"]  # from the parquet files' own metadata
    assert {k: v.num_rows for k, v in data.items()} == {"train": 30, "validation": 10, "test": 10}
    assert np.bincount(data["test"]["label"]).tolist() == [5, 5]


def test_prefetch_command(standin, tmp_path):
    out = tmp_path / "classroom"
    env = {**os.environ, "HF_ENDPOINT": standin.url}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "attnviz",
            "prefetch",
            "--model",
            "org/tiny-bert",
            "--data",
            "org/tiny-reviews",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert is_model_dir(out / "models" / "org--tiny-bert")
    assert is_dataset_dir(out / "datasets" / "org--tiny-reviews")
    assert "Traceback" not in result.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "attnviz", "prefetch", "--model", "org/nothing-here", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == ["error: org/nothing-here was not found on the Hub."]
