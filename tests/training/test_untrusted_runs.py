"""A run folder is a stranger's file once it comes in a zip: crafted zips are refused with their
own code (and a sentence in both languages), damaged runs already on disk are listed as damaged,
and no reader hands a page a value of the wrong type or size (issue: "Thirty students, one public
server")."""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile

import numpy as np
import pytest

from attnviz.i18n import translate
from attnviz.nlp.training import run_files, runs
from attnviz.nlp.training.runs import RunError, RunFolder

GOOD_CONFIG = {
    "model_type": "distilbert",
    "vocab_size": 120,
    "dim": 8,
    "n_layers": 1,
    "n_heads": 2,
    "hidden_dim": 16,
    "max_position_embeddings": 64,
}


def exported_run(**files) -> dict[str, bytes | str]:
    """The entries of an exported run named "crafted", with ``files`` replacing or adding some."""
    entries = {
        "crafted/settings.json": json.dumps({"model": "m", "data": "d", "max_length": 64}),
        "crafted/status.json": json.dumps({"state": "finished", "step": 3, "total_steps": 3}),
        "crafted/metrics.jsonl": json.dumps({"kind": "train", "step": 1, "loss": 0.7}) + "\n",
        "crafted/model/config.json": json.dumps(GOOD_CONFIG),
    }
    entries.update({f"crafted/{name}": value for name, value in files.items()})
    return entries


def zip_bytes(entries: dict, method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def refused(data: bytes, filename: str = "crafted.zip") -> RunError:
    with pytest.raises(RunError) as caught:
        runs.import_zip(data, filename)
    return caught.value


def assert_nothing_imported(home):
    assert [p.name for p in (home / "runs").iterdir()] == []


def assert_sentence(error: RunError):
    """The page's sentence for the error exists in both languages and names no server path."""
    for lang in ("es", "en"):
        text = translate(lang, f"ft.error.{error.code}", **error.details)
        assert text != f"ft.error.{error.code}" and "{" not in text
        assert os.environ.get("ATTNVIZ_HOME", "/nowhere") not in text


def test_a_sound_export_still_imports(isolated_home):
    folder = runs.import_zip(zip_bytes(exported_run()), "crafted.zip")
    info = runs.run_info(folder)
    assert info.state == runs.FINISHED and info.has_model and info.problems == []


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({"status.json": json.dumps({"state": "finished", "step": "abc"})}, "status.json: step"),
        ({"status.json": json.dumps({"state": "finished", "created_at": 1e308})}, "status.json: created_at"),
        (
            {"status.json": json.dumps({"state": "finished", "error": "![x](http://evil/img.png)"})},
            "status.json: error",
        ),
        ({"status.json": json.dumps(["not", "a", "status"])}, "status.json: not an object"),
        ({"settings.json": json.dumps({"model": "m", "max_length": "64"})}, "settings.json: max_length"),
        (
            {"settings.json": json.dumps({"learning_rate": float("nan")}).replace("NaN", "1e999")},
            "settings.json",
        ),
        ({"evaluation.json": json.dumps(["a", "list"])}, "evaluation.json"),
        ({"evaluation.json": json.dumps({"accuracy": 7, "label_names": ["a"]})}, "evaluation.json"),
        (
            {
                "probes/probes.json": json.dumps(
                    {"texts": ["x"], "tokens": [["x"]], "layers": 1e9, "heads": 2}
                )
            },
            "probes/probes.json",
        ),
        (
            {"model/config.json": json.dumps({**GOOD_CONFIG, "vocab_size": 600_000, "dim": 1024})},
            "model/config.json: vocab_size",
        ),
        (
            {
                "model/config.json": json.dumps(
                    {**GOOD_CONFIG, "vocab_size": 250_000, "dim": 2048, "n_layers": 48}
                )
            },
            "model/config.json: too many parameters",
        ),
    ],
)
def test_crafted_run_files_are_refused_at_import(isolated_home, files, problem):
    error = refused(zip_bytes(exported_run(**files)))
    assert error.code == "damaged_run" and problem in error.details["problems"]
    assert_sentence(error)
    assert_nothing_imported(isolated_home)


def test_a_zip_bomb_is_refused_before_unpacking(isolated_home):
    error = refused(zip_bytes(exported_run(**{"model/tf_model.h5": b"\0" * (20 * 2**20)})))
    assert error.code == "zip_bomb"
    assert_sentence(error)
    assert_nothing_imported(isolated_home)


def test_sizes_declared_in_the_headers_are_not_trusted(isolated_home):
    """A member whose headers claim 1 KB although 2 MB follow passes the size checks, and is
    still never unpacked past what it declared: the import fails as a damaged zip."""
    data = bytearray(zip_bytes(exported_run(**{"model/tf_model.h5": os.urandom(2 * 2**20)})))
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            (size,) = struct.unpack_from("<I", data, start + size_offset)
            if size == 2 * 2**20:
                struct.pack_into("<I", data, start + size_offset, 1024)
            start += 4
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.getinfo("crafted/model/tf_model.h5").file_size == 1024  # the lie is in place
    error = refused(bytes(data))
    assert error.code == "bad_zip"
    assert_nothing_imported(isolated_home)


def test_a_bad_crc_is_one_sentence(isolated_home):
    data = bytearray(zip_bytes(exported_run(), method=zipfile.ZIP_STORED))
    where = data.find(b'"finished"')
    data[where + 1 : where + 9] = b"FINISHED"  # the bytes change, the recorded CRC does not
    error = refused(bytes(data))
    assert error.code == "bad_zip"
    assert_sentence(error)
    assert_nothing_imported(isolated_home)


def test_an_encrypted_entry_is_one_sentence(isolated_home):
    data = bytearray(zip_bytes(exported_run(), method=zipfile.ZIP_STORED))
    # set the "encrypted" flag bit in every local and central header
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            (flags,) = struct.unpack_from("<H", data, start + flag_offset)
            struct.pack_into("<H", data, start + flag_offset, flags | 0x1)
            start += 4
    error = refused(bytes(data))
    assert error.code == "bad_zip"
    assert_sentence(error)
    assert_nothing_imported(isolated_home)


def test_an_unknown_compression_method_is_one_sentence(isolated_home):
    data = bytearray(zip_bytes(exported_run(), method=zipfile.ZIP_STORED))
    for signature, method_offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            struct.pack_into("<H", data, start + method_offset, 99)
            start += 4
    error = refused(bytes(data))
    assert error.code == "bad_zip"
    assert_sentence(error)


@pytest.mark.parametrize(
    "name", ["crafted/" + "x" * 300 + ".json", "crafted/../../etc/passwd", "/tmp/x.json"]
)
def test_unsafe_names_are_refused(isolated_home, name):
    error = refused(zip_bytes({**exported_run(), name: "{}"}))
    assert error.code == "unsafe_zip"
    assert_sentence(error)
    assert_nothing_imported(isolated_home)


def test_the_runs_quota_holds(isolated_home, monkeypatch):
    monkeypatch.setenv("ATTNVIZ_RUNS_QUOTA_MB", "1")
    runs.import_zip(zip_bytes(exported_run()), "first.zip")  # a few KB: fits
    error = refused(zip_bytes(exported_run(**{"model/tf_model.h5": os.urandom(2**20)})))
    assert error.code == "runs_quota" and error.details["quota_mb"] == 1
    assert_sentence(error)


def test_one_import_at_a_time(isolated_home):
    with runs._IMPORTING:
        error = refused(zip_bytes(exported_run()))
    assert error.code == "import_busy"
    assert_sentence(error)
    runs.import_zip(zip_bytes(exported_run()), "crafted.zip")  # free again


# --- runs already on disk (copied by hand, an older version): listed, never crashing -----------


def damaged_on_disk(home, status=None, settings=None) -> RunFolder:
    folder = runs.create_run({"model": "m", "data": "d"}, "on-disk")
    if status is not None:
        folder.status.write_text(json.dumps(status))
    if settings is not None:
        folder.settings.write_text(json.dumps(settings))
    return folder


@pytest.mark.parametrize(
    ("status", "settings"),
    [
        ({"state": "finished", "step": "abc"}, None),
        ({"state": "finished", "created_at": 1e308}, None),
        ({"state": "exploded"}, None),
        (None, {"model": {"nested": "object"}}),
        (None, ["a", "list"]),
    ],
)
def test_a_damaged_run_on_disk_is_listed_as_damaged(isolated_home, status, settings):
    damaged_on_disk(isolated_home, status, settings)
    (info,) = runs.list_runs()
    assert info.state == runs.DAMAGED and info.problems and not info.active
    assert isinstance(info.step, int) and isinstance(info.created_at, float)
    assert runs.latest_finished_run() is None and runs.runs_with_model() == []
    runs.delete_run(RunFolder(info.path))
    assert runs.list_runs() == []


def test_a_huge_model_config_on_disk_is_not_offered(isolated_home):
    folder = damaged_on_disk(isolated_home)
    runs.write_status(folder, {"state": runs.FINISHED, "step": 1, "total_steps": 1})
    folder.model.mkdir()
    (folder.model / "config.json").write_text(json.dumps({**GOOD_CONFIG, "vocab_size": 600_000, "dim": 1024}))
    assert runs.latest_finished_run() is None  # the heatmap page's default run


def test_readers_drop_what_they_cannot_draw(isolated_home):
    folder = damaged_on_disk(isolated_home)
    folder.metrics.write_text(
        "\n".join(
            json.dumps(row)
            for row in (
                {"kind": "train", "step": 1, "loss": 0.7},
                {"kind": "train", "step": "two", "loss": 0.6},
                {"kind": "train", "step": 3, "loss": {"a": 1}},
                ["not", "a", "row"],
            )
        )
    )
    assert runs.read_metrics(folder) == [{"kind": "train", "step": 1, "loss": 0.7}]
    folder.evaluation.write_text(json.dumps({"confusion": [[1, 2]], "label_names": ["a"]}))
    assert runs.read_evaluation(folder) is None


def test_a_snapshot_that_declares_a_huge_array_is_not_loaded(isolated_home):
    folder = damaged_on_disk(isolated_home)
    runs.write_probe_snapshot(folder, 0, [np.full((1, 1, 2, 2), 0.5)], [np.array([0.5, 0.5])])
    assert runs.read_probe_snapshot(folder, 0) is not None
    # a header that claims (64, 128, 100000, 100000) float16, in a few bytes
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f2", "fortran_order": False, "shape": (64, 128, 100_000, 100_000)}
    )
    with zipfile.ZipFile(folder.probes / "step_000001.npz", "w") as archive:
        archive.writestr("attention_0.npy", b"\x93NUMPY\x01\x00" + header.getvalue()[8:] + b"\0" * 64)
        archive.writestr("probabilities_0.npy", b"")
    assert not run_files.npz_shapes_fit(folder.probes / "step_000001.npz")
    assert runs.read_probe_snapshot(folder, 1) is None
    steps, rows = runs.probe_history(folder, 0)
    assert steps == [0] and rows.shape == (1, 2)
