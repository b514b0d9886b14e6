"""Run folders without TensorFlow: names, files, listing, interrupted runs, zip export / import."""

import io
import json
import os
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from attnviz.nlp.training import runs
from attnviz.nlp.training.runs import RunError, RunFolder


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Mi run: ¿éxito?", "Mi-run-exito"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("a" * 100, "a" * 60),
        ("distilbert/imdb  2024", "distilbert-imdb-2024"),
        ("¿?", ""),
    ],
)
def test_sanitize_name(name, expected):
    assert runs.sanitize_name(name) == expected


def test_create_run_layout_and_unique_names(isolated_home):
    first = runs.create_run({"model": "m", "data": "d"}, "demo")
    second = runs.create_run({"model": "m", "data": "d"}, "demo")
    assert first.path == isolated_home / "runs" / "demo" and second.name == "demo-2"
    assert json.loads(first.settings.read_text())["model"] == "m"
    status = runs.read_status(first)
    assert status["state"] == runs.QUEUED and status["pid"] == os.getpid()
    auto = runs.create_run({"model": "org/distilbert-base-uncased", "data": "imdb"})
    assert auto.name.startswith("distilbert-base-uncased-imdb-")


def test_out_folder_must_be_new_or_empty(tmp_path):
    target = tmp_path / "out"
    runs.create_run({"model": "m"}, path=target)
    with pytest.raises(RunError) as error:
        runs.create_run({"model": "m"}, path=target)
    assert error.value.code == "run_exists"


def test_metrics_survive_a_half_written_line(isolated_home):
    folder = runs.create_run({}, "m")
    runs.append_metrics(
        folder,
        [
            {"kind": "train", "step": 1, "loss": np.float32(0.5)},
            {"kind": "val", "step": 1, "accuracy": float("nan")},
        ],
    )
    with folder.metrics.open("a") as handle:
        handle.write('{"kind": "train", "st')  # a crash in the middle of a write
    rows = runs.read_metrics(folder)
    assert rows == [{"kind": "train", "step": 1, "loss": 0.5}, {"kind": "val", "step": 1, "accuracy": None}]


def test_probe_snapshots_round_trip(isolated_home):
    folder = runs.create_run({}, "p")
    attention = np.random.default_rng(0).dirichlet(np.ones(5), size=(2, 4, 5)).astype(np.float32)
    for step in (0, 10, 20):
        runs.write_probe_snapshot(
            folder, step, [attention, attention[:, :, :3, :3]], [np.array([0.3, 0.7]), np.array([1.0, 0.0])]
        )
    assert runs.probe_steps(folder) == [0, 10, 20]
    snapshot = runs.read_probe_snapshot(folder, 10)
    assert np.allclose(snapshot["attentions"][0], attention, atol=1e-3)  # stored as float16
    assert snapshot["attentions"][1].shape == (2, 4, 3, 3)
    steps, history = runs.probe_history(folder, 0)
    assert steps == [0, 10, 20] and history.shape == (3, 2)
    assert runs.read_probe_snapshot(folder, 99) is None


def test_list_runs_newest_first_and_latest_finished(isolated_home):
    old = runs.create_run({}, "old")
    runs.write_status(old, {"state": runs.FINISHED, "created_at": 1.0})
    (old.model).mkdir()
    (old.model / "config.json").write_text("{}")
    new = runs.create_run({}, "new")
    runs.write_status(new, {"state": runs.FAILED, "created_at": 2.0})
    assert [r.name for r in runs.list_runs()] == ["new", "old"]
    assert runs.latest_finished_run().name == "old"
    assert [r.name for r in runs.runs_with_model()] == ["old"]


def test_runs_left_running_by_a_dead_process_become_interrupted(isolated_home):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)
    folder = runs.create_run({}, "left-running")
    status = runs.read_status(folder)
    runs.write_json(folder.status, {**status, "state": runs.RUNNING, "pid": pid, "step": 7})
    paused_here = runs.create_run({}, "ours-but-unknown")
    runs.write_status(paused_here, {"state": runs.PAUSED})  # this process, but no live job: a restart
    live = runs.create_run({}, "live")
    runs.write_status(live, {"state": runs.RUNNING})
    marked = runs.mark_interrupted(live={"live"})
    assert sorted(marked) == ["left-running", "ours-but-unknown"]
    status = runs.read_status(folder)
    assert (
        status["state"] == runs.INTERRUPTED
        and status["step"] == 7
        and status["interrupted_from"] == runs.RUNNING
    )
    assert runs.read_status(live)["state"] == runs.RUNNING


def test_another_live_process_is_left_alone(isolated_home):
    folder = runs.create_run({}, "cli-run")
    status = runs.read_status(folder)
    runs.write_json(
        folder.status, {**status, "state": runs.RUNNING, "pid": os.getppid(), "process_start": None}
    )
    assert runs.mark_interrupted() == []


def make_finished_run(name="exported") -> RunFolder:
    folder = runs.create_run({"model": "m", "data": "d"}, name)
    runs.append_metrics(folder, [{"kind": "train", "step": 1, "loss": 0.7}])
    folder.model.mkdir()
    (folder.model / "config.json").write_text("{}")
    (folder.model / "tf_model.h5").write_bytes(b"\0" * 1000)
    runs.write_probe_snapshot(folder, 0, [np.full((1, 1, 2, 2), 0.5)], [np.array([0.5, 0.5])])
    runs.write_status(folder, {"state": runs.FINISHED, "step": 1, "total_steps": 1})
    return folder


def test_zip_round_trip(isolated_home):
    folder = make_finished_run()
    data = runs.export_zip(folder)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "exported/settings.json" in names and "exported/model/tf_model.h5" in names
    imported = runs.import_zip(data, "exported.zip")
    assert imported.name == "exported-2"
    assert runs.read_metrics(imported) == runs.read_metrics(folder)
    assert runs.read_status(imported)["state"] == runs.FINISHED
    assert (imported.model / "tf_model.h5").read_bytes() == b"\0" * 1000
    assert runs.probe_steps(imported) == [0]


def test_an_active_run_is_imported_as_interrupted(isolated_home):
    folder = make_finished_run("busy")
    runs.write_status(folder, {"state": runs.RUNNING})
    imported = runs.import_zip(runs.export_zip(folder), "busy.zip")
    assert runs.read_status(imported)["state"] == runs.INTERRUPTED


def zip_of(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, code",
    [
        (b"not a zip", "bad_zip"),
        (zip_of({"readme.txt": "hello"}), "not_a_run"),
        (zip_of({"../evil/settings.json": "{}"}), "unsafe_zip"),
        (zip_of({"/abs/settings.json": "{}"}), "unsafe_zip"),
    ],
)
def test_bad_zips_are_refused(isolated_home, data, code):
    with pytest.raises(RunError) as error:
        runs.import_zip(data, "upload.zip")
    assert error.value.code == code
    assert [p.name for p in (isolated_home / "runs").iterdir()] == []  # nothing half-imported


def test_a_flat_zip_takes_its_file_name(isolated_home):
    folder = runs.import_zip(
        zip_of({"settings.json": "{}", "metrics.jsonl": ""}), "Prepared run (class 1).zip"
    )
    assert folder.name == "Prepared-run-class-1"


def test_listing_reports_a_dead_writer_as_interrupted_without_writing(isolated_home):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    folder = runs.create_run({}, "orphan")
    status = runs.read_status(folder)
    runs.write_json(folder.status, {**status, "state": runs.RUNNING, "pid": int(dead.stdout)})
    (info,) = runs.list_runs()
    assert info.state == runs.INTERRUPTED and not info.active
    assert runs.read_status(folder)["state"] == runs.RUNNING  # only the registry's start-up check writes
