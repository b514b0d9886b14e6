"""``python -m attnviz train`` and ``evaluate``: the same run folder as the page, JSON, clear errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from attnviz.nlp.training import runs

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, home: Path, timeout=300):
    env = {**os.environ, "ATTNVIZ_HOME": str(home), "HF_ENDPOINT": "http://127.0.0.1:9"}
    env.pop("HF_HUB_OFFLINE", None)
    return subprocess.run(
        [sys.executable, "-m", "attnviz", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


TINY = (
    "--max-length",
    "24",
    "--batch-size",
    "8",
    "--train-size",
    "96",
    "--validation-size",
    "24",
    "--test-size",
    "24",
    "--learning-rate",
    "5e-3",
    "--train-layers",
    "top-1",
    "--eval-every",
    "2",
)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from tests.helpers.tiny_models import make_tiny_classifier_dir
    from tests.training.conftest import sentiment_rows, write_csv

    root = tmp_path_factory.mktemp("cli-train")
    model = make_tiny_classifier_dir(root, "distilbert", 2)
    data = write_csv(root / "sentiment.csv", sentiment_rows(160))
    out = root / "my run"
    result = cli(
        "train",
        "--model",
        str(model),
        "--data",
        str(data),
        *TINY,
        "--steps",
        "4",
        "--probe",
        "the movie was good",
        "--probe",
        "an awful film",
        "--out",
        str(out),
        home=root / "home",
    )
    return result, out, data, root


def test_train_writes_the_run_folder(trained):
    result, out, _, _ = trained
    assert result.returncode == 0, result.stderr[-2000:]
    assert "finished after 4 of 4 steps; test accuracy" in result.stdout
    assert "[" in result.stderr and "4/4" in result.stderr  # the progress bar
    folder = runs.RunFolder(out)
    assert runs.read_status(folder)["state"] == runs.FINISHED
    settings = runs.read_settings(folder)
    assert settings["steps"] == 4 and settings["train_layers"] == "top-1" and len(settings["probes"]) == 2
    assert [r["step"] for r in runs.read_metrics(folder) if r["kind"] == "train"] == [1, 2, 3, 4]
    assert runs.probe_steps(folder)[0] == 0 and runs.read_probe_index(folder)["texts"][1] == "an awful film"
    assert (folder.model / "config.json").is_file() and (folder.model / "tokenizer_config.json").is_file()


def test_evaluate_writes_accuracy_per_class_and_confusion(trained):
    _, out, data, root = trained
    target = root / "eval" / "out.json"
    result = cli(
        "evaluate",
        "--model",
        str(out / "model"),
        "--data",
        str(data),
        "--json",
        str(target),
        home=root / "home",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(target.read_text())
    assert set(report) >= {"accuracy", "per_class", "confusion", "macro_f1", "label_names"}
    assert report["count"] == 24, "the run's held-out test split (its seed and sizes)"
    recorded = runs.read_json(out / "evaluation.json")
    assert (
        report["accuracy"] == pytest.approx(recorded["accuracy"])
        and report["confusion"] == recorded["confusion"]
    )
    assert [row["label"] for row in report["per_class"]] == ["neg", "pos"]


@pytest.mark.parametrize(
    "args, words",
    [
        (("--data", "missing.csv"), "missing.csv"),
        (("--max-length", "512", "--batch-size", "64", "--train-layers", "all"), "MB"),
        (("--model", "./nowhere"), "nowhere"),
    ],
)
def test_errors_are_one_line_without_traceback(tmp_path, args, words):
    base = {"--model": "distilbert-base-uncased", "--data": str(tmp_path / "d.csv")}
    (tmp_path / "d.csv").write_text("text,label\na,pos\nb,neg\n")
    argv = ["train", "--steps", "2"]
    for key, value in base.items():
        if key not in args:
            argv += [key, value]
    result = cli(*argv, *args, "--out", str(tmp_path / "out"), home=tmp_path / "home")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_epochs_and_steps_are_exclusive(tmp_path):
    result = cli("train", "--epochs", "1", "--steps", "3", home=tmp_path)
    assert result.returncode == 2 and "not allowed with" in result.stderr


def test_ctrl_c_stops_saves_and_evaluates(trained, tmp_path):
    """SIGINT while training: the run stops after the current batch, saves its model and evaluates
    it, and the command exits 130 only after that (on Python 3.11 an interrupted Thread.join used to
    let the interpreter exit under the training thread, losing the run)."""
    import signal
    import time

    _, _, data, root = trained
    model = next(p for p in root.iterdir() if (p / "config.json").is_file() and "distilbert" in p.name)
    out = tmp_path / "interrupted"
    env = {**os.environ, "ATTNVIZ_HOME": str(tmp_path / "home"), "HF_ENDPOINT": "http://127.0.0.1:9"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "attnviz",
            "train",
            "--model",
            str(model),
            "--data",
            str(data),
            *TINY,
            "--steps",
            "100000",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.time() + 240
        while time.time() < deadline and not any(
            r["kind"] == "train" and r["step"] >= 3 for r in runs.read_metrics(runs.RunFolder(out))
        ):
            time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=240)
    finally:
        process.kill()
    assert process.returncode == 130, stderr[-2000:]
    folder = runs.RunFolder(out)
    status = runs.read_status(folder)
    steps = [r["step"] for r in runs.read_metrics(folder) if r["kind"] == "train"]
    assert status["state"] == runs.STOPPED and status["step"] == steps[-1] >= 3
    assert (folder.model / "config.json").is_file() and status["has_checkpoint"]
    assert runs.read_json(folder.evaluation)["step"] == steps[-1]
    assert f"stopped after {steps[-1]} of 100000 steps" in stdout


def test_evaluate_on_other_data_uses_every_row(trained, tmp_path):
    """A file that is not the run's training data is evaluated whole, and the output says so
    (it used to score only a test-sized slice of it); --size draws a stratified sample."""
    from tests.training.conftest import sentiment_rows, write_csv

    _, out, _, root = trained
    other = write_csv(tmp_path / "other.csv", sentiment_rows(70, seed=5))
    result = cli(
        "evaluate",
        "--model",
        str(out),
        "--data",
        str(other),
        "--json",
        str(tmp_path / "all.json"),
        home=root / "home",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads((tmp_path / "all.json").read_text())
    assert report["count"] == 70 and report["split"] == "all"
    assert "every row of" in result.stdout and "(70 examples)" in result.stdout
    sample = cli("evaluate", "--model", str(out), "--data", str(other), "--size", "20", home=root / "home")
    assert sample.returncode == 0 and "on 20 examples" in sample.stdout and "stratified" in sample.stdout


@pytest.mark.parametrize(
    "args, words", [(("--batch-size", "0"), "--batch-size"), (("--size", "0"), "--size")]
)
def test_evaluate_refuses_bad_numbers_at_once(trained, args, words):
    _, out, data, root = trained
    result = cli("evaluate", "--model", str(out), "--data", str(data), *args, home=root / "home")
    assert result.returncode == 1 and words in result.stderr and "Traceback" not in result.stderr


def test_train_refuses_zero_steps(tmp_path):
    result = cli("train", "--steps", "0", "--data", "x.csv", home=tmp_path)
    assert result.returncode == 1 and "--steps" in result.stderr


def test_unreadable_data_says_nothing_was_trained(tmp_path):
    """A data file that is not text fails before the first step: the message does not pretend
    that metrics or a checkpoint were kept."""
    from tests.helpers.tiny_models import make_tiny_classifier_dir

    model = make_tiny_classifier_dir(tmp_path, "distilbert", 2)
    data = tmp_path / "bad.csv"
    data.write_bytes(b"text,label\n\xff\xfe\x00 not utf-8\n")
    out = tmp_path / "run"
    result = cli(
        "train",
        "--model",
        str(model),
        "--data",
        str(data),
        *TINY,
        "--steps",
        "2",
        "--out",
        str(out),
        home=tmp_path / "home",
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error:") and "UTF-8" in last, result.stderr
    assert "nothing was trained" in last and "kept" not in last
    assert (out / "error.log").is_file() and not (out / "model").exists()
