"""The command line: help everywhere, attend writes the promised JSON, errors are one line."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from attnviz.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, env_extra=None, timeout=180):
    env = {**os.environ, "HF_ENDPOINT": "http://127.0.0.1:9", **(env_extra or {})}
    env.pop("HF_HUB_OFFLINE", None)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "attnviz", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    from tests.helpers.tiny_models import make_tiny_classifier_dir

    return make_tiny_classifier_dir(tmp_path_factory.mktemp("cli"), "distilbert", 2)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTNVIZ_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)


def test_help_on_every_command():
    top = run_cli("--help")
    assert top.returncode == 0 and all(name in top.stdout for name in COMMANDS)
    for name in COMMANDS:
        result = run_cli(name, "--help")
        assert result.returncode == 0, name
        assert result.stdout.startswith(f"usage: python -m attnviz {name}")


def test_attend_writes_the_json(tiny_model, tmp_path):
    out = tmp_path / "out" / "attention.json"
    result = run_cli(
        "attend", "--model", str(tiny_model), "--text", "the movie was good!", "--json", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # TensorFlow's start-up chatter is kept out
    data = json.loads(out.read_text())
    assert data["tokens"] == ["[CLS]", "the", "movie", "was", "good", "!", "[SEP]"]
    attentions = np.asarray(data["attentions"])
    assert attentions.shape == (2, 4, 7, 7)
    assert np.abs(attentions.sum(-1) - 1).max() < 1e-6
    assert data["label"] in ("neg", "pos") and data["label"] == ["neg", "pos"][data["label_id"]]
    assert len(data["probabilities"]) == 2 and abs(sum(data["probabilities"]) - 1) < 1e-6
    assert "7 tokens, 2 layers x 4 heads" in result.stdout


@pytest.mark.parametrize(
    "args, env, message",
    [
        (
            ["attend", "--model", "/no/such/folder", "--text", "hi"],
            {},
            "error: No model folder at /no/such/folder.",
        ),
        (
            ["attend", "--model", "distilbert-base-uncased", "--text", "hi"],
            {"HF_HUB_OFFLINE": "1"},
            "error: Could not reach the Hugging Face Hub",
        ),
        (["attend", "--text", "   "], {}, "error: The text is empty."),
        (
            ["prefetch", "--model", "bad id!"],
            {},
            "error: 'bad id!' is neither an existing folder nor a valid",
        ),
    ],
)
def test_errors_are_one_line_without_traceback(args, env, message):
    result = run_cli(*args, env_extra=env, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2():
    result = run_cli("attend", "--model", "x")
    assert result.returncode == 2 and "--text" in result.stderr


def test_bench_and_status_in_process(tiny_model, capsys, tmp_path):
    out = tmp_path / "bench.json"
    assert (
        main(
            [
                "bench",
                "--parts",
                "machine",
                "latency",
                "--model",
                str(tiny_model),
                "--tokens",
                "8",
                "20",
                "--repeat",
                "2",
                "--json",
                str(out),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "8 tokens" in printed and "20 tokens" in printed and "GFLOP/s" in printed
    report = json.loads(out.read_text())
    assert report["machine"]["matmul_gflops"] > 0 and report["latency"]["retraces"] == 0
    assert report["latency"]["attention_tokens_8"] == 8 and report["latency"]["attention_ms_20_tokens"] > 0
    assert set(report["targets"]) >= {"rt_accuracy_at_60s", "first_step_seconds_prepared"}
    assert main(["status", "--no-probe"]) == 0
    assert "distilbert-base-uncased" in capsys.readouterr().out


def test_attend_on_a_bad_folder_in_process(tmp_path, capsys):
    (tmp_path / "config.json").write_text("{}")
    assert main(["attend", "--model", str(tmp_path), "--text", "hi"]) == 1
    assert capsys.readouterr().err.startswith("error: ")
