"""ATTNVIZ_HOME, folder names, what counts as on disk, and the catalog. No TensorFlow here."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from attnviz.nlp import catalog, paths

ROOT = Path(__file__).resolve().parents[2]


def test_home_from_environment_creates_its_folders(isolated_home):
    home = paths.attnviz_home()
    assert home == isolated_home.resolve()
    assert all((home / sub).is_dir() for sub in ("models", "datasets", "runs"))
    assert paths.runs_dir() == home / "runs"


def test_home_from_streamlit_secrets_then_default(tmp_path, monkeypatch):
    monkeypatch.delenv("ATTNVIZ_HOME")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'ATTNVIZ_HOME = "{tmp_path / "from-secrets"}"\n')
    assert paths.attnviz_home() == (tmp_path / "from-secrets").resolve()
    (tmp_path / ".streamlit" / "secrets.toml").write_text("other = 1\n")
    assert paths.attnviz_home() == (tmp_path / "user" / ".attnviz").resolve()


def test_folder_names_are_safe():
    assert paths.folder_name("distilbert-base-uncased") == "distilbert-base-uncased"
    assert paths.folder_name("org/model") == "org--model"
    assert paths.folder_name("../../etc/passwd") == "etc--passwd"
    assert paths.folder_name("a b/c") == "a-b--c"


def test_model_folder_on_disk_only_when_complete(tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    assert not paths.is_model_dir(folder)
    (folder / "tf_model.h5").write_bytes(b"x")
    assert paths.is_model_dir(folder)
    (folder / paths.INCOMPLETE_MARKER).write_text("downloading")
    assert not paths.is_model_dir(folder)


def test_local_models_lists_finished_folders(isolated_home):
    models = paths.models_dir()
    for name, complete in (("done", True), ("half", False)):
        (models / name).mkdir()
        (models / name / "config.json").write_text("{}")
        if complete:
            (models / name / "model.safetensors").write_bytes(b"x")
    assert paths.local_models() == ["done"]


def test_catalog_has_the_course_models_and_data():
    assert catalog.default_model().name == "distilbert-base-uncased"
    assert catalog.default_model(catalog.QUESTION_ANSWERING).name == "distilbert-base-cased-distilled-squad"
    assert {"bert-base-uncased", "roberta-base"} <= set(catalog.MODELS)
    for entry in catalog.MODELS.values():
        from attnviz.nlp import seq2seq

        kinds = {catalog.TRANSLATION: seq2seq.ARCHITECTURES, catalog.GENERATION: ("gpt2",)}.get(
            entry.task, catalog.ARCHITECTURES
        )
        assert entry.architecture in kinds
        assert entry.layers > 0 and entry.heads > 0 and entry.download_mb > 0 and entry.memory_mb > 0
        assert "/" in entry.repo_id and catalog.find_model(entry.repo_id) is entry
    translators = {e.name for e in catalog.models_for(catalog.TRANSLATION)}
    assert translators == {"opus-mt-es-en", "opus-mt-en-es", "t5-small"}
    assert catalog.find_model("t5-small").prefix == "translate English to German: "
    assert catalog.default_dataset().name == "imdb"
    assert {"rotten_tomatoes", "sst2"} <= set(catalog.DATASETS)
    assert any(len(e.label_names) > 2 for e in catalog.DATASETS.values())  # a multiclass set


def test_light_modules_do_not_import_tensorflow():
    code = (
        "import sys, attnviz.nlp, attnviz.nlp.paths, attnviz.nlp.catalog, attnviz.nlp.hub, attnviz.nlp.errors, "
        "attnviz.nlp.loading, attnviz.ui.models, attnviz.cli, attnviz.nlp.seq2seq, attnviz.nlp.translator_job\n"
        "attnviz.cli.build_parser()\n"
        "heavy = [m for m in ('tensorflow', 'transformers', 'datasets', 'huggingface_hub') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "import os; assert os.environ['TF_USE_LEGACY_KERAS'] == '1'\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)


def test_local_model_folders_describe_themselves(tmp_path):
    def folder(name, config):
        path = tmp_path / name
        path.mkdir()
        (path / "config.json").write_text(config if isinstance(config, str) else json.dumps(config))
        (path / "tf_model.h5").write_bytes(b"0" * 3 * 2**20)
        return path

    qa = catalog.describe_local_model(
        folder("qa", {"architectures": ["DistilBertForQuestionAnswering"], "n_layers": 6, "n_heads": 12})
    )
    assert (qa.task, qa.layers, qa.heads, qa.size_mb) == (catalog.QUESTION_ANSWERING, 6, 12, 3)
    bert = catalog.describe_local_model(
        folder(
            "bert",
            {
                "architectures": ["BertForSequenceClassification"],
                "num_hidden_layers": 2,
                "num_attention_heads": 4,
            },
        )
    )
    assert (bert.task, bert.layers, bert.heads) == (catalog.CLASSIFICATION, 2, 4)
    broken = catalog.describe_local_model(folder("broken", "{not json"))
    assert (broken.task, broken.layers, broken.heads, broken.size_mb) == (None, None, None, 3)
    assert catalog.local_model_task(tmp_path / "qa") == catalog.QUESTION_ANSWERING
    assert (
        catalog.local_model_task(tmp_path / "broken") is None
        and catalog.local_model_task(tmp_path / "none") is None
    )


def test_the_real_checkpoint_is_a_base_model():
    from attnviz.nlp import catalog
    from tests.helpers.shared_data import MINILM

    if not (MINILM / "config.json").is_file():
        pytest.skip("../shared/models/all-MiniLM-L6-v2 is absent")
    info = catalog.describe_local_model(MINILM)
    assert (info.task, info.layers, info.heads) == (catalog.BASE_MODEL, 6, 12) and info.size_mb > 50
