"""Run folders: layout, names, reading and writing, listing, interrupted runs, zip export / import.

Plain files, no TensorFlow: the page lists and replays runs, and the command line writes them,
through these functions only. Layout (``ATTNVIZ_HOME/runs/NAME/``)::

    settings.json  status.json  metrics.jsonl  probes/  evaluation.json  model/
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np

from attnviz.nlp.errors import NlpError
from attnviz.nlp.training import run_files

SETTINGS = "settings.json"
STATUS = "status.json"
METRICS = "metrics.jsonl"
PROBES = "probes"
PROBES_INDEX = "probes.json"
EVALUATION = "evaluation.json"
MODEL = "model"

QUEUED, PREPARING, RUNNING, PAUSED = "queued", "preparing", "running", "paused"
FINISHED, STOPPED, FAILED, INTERRUPTED = "finished", "stopped", "failed", "interrupted"
DAMAGED = "damaged"  # its status.json or settings.json is not what a run writes: delete it
ACTIVE_STATES = (QUEUED, PREPARING, RUNNING, PAUSED)
STATES = ACTIVE_STATES + (FINISHED, STOPPED, FAILED, INTERRUPTED)

MAX_NAME = 60
MAX_IMPORT_BYTES = 1 * 2**30  # uncompressed size of an imported zip (a DistilBERT run is ~270 MB)
MAX_IMPORT_FILES = 2_000
MAX_IMPORT_RATIO = 50  # uncompressed / compressed size of a member over 1 MB: more is a zip bomb
MAX_PATH_PART = 120  # characters of one folder or file name inside a zip
DEFAULT_RUNS_QUOTA_MB = 3_000  # all runs together (ATTNVIZ_RUNS_QUOTA_MB): an import must fit
MAX_UPLOAD_MB = 400  # the import box; .streamlit/config.toml's server.maxUploadSize says the same
_IMPORTING = threading.Lock()  # one import at a time on a server: each one writes hundreds of MB


class RunError(NlpError):
    """A run folder or zip that cannot be used as it is."""


# --- names and folders -----------------------------------------------------------------------------


def runs_root(root: Path | None = None) -> Path:
    if root is not None:
        Path(root).mkdir(parents=True, exist_ok=True)
        return Path(root)
    from attnviz.nlp.paths import runs_dir

    return runs_dir()


def sanitize_name(name: str) -> str:
    """A safe folder name: accents dropped, anything but letters, digits, ``.``, ``_`` and ``-``
    turned into ``-``, no leading dot, at most 60 characters. ``"Mi run: ¿éxito?"`` -> ``Mi-run-exito``."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip(".-_ ")
    text = re.sub(r"-{2,}", "-", text)[:MAX_NAME].strip(".-_")
    return text


def default_name(model: str, data: str, when: float | None = None) -> str:
    def short(source: str) -> str:
        base = Path(str(source).rstrip("/\\")).name or str(source)
        return sanitize_name(base.split("/")[-1])[:24] or "x"

    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when or time.time()))
    return f"{short(model)}-{short(data)}-{stamp}"


def unique_name(name: str, root: Path | None = None) -> str:
    """``name`` sanitised, with ``-2``, ``-3``... appended if a run of that name exists."""
    root = runs_root(root)
    base = sanitize_name(name) or "run"
    candidate, n = base, 1
    while (root / candidate).exists():
        n += 1
        candidate = f"{base[: MAX_NAME - len(str(n)) - 1]}-{n}"
    return candidate


@dataclass(frozen=True)
class RunFolder:
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    settings = property(lambda self: self.path / SETTINGS)
    status = property(lambda self: self.path / STATUS)
    metrics = property(lambda self: self.path / METRICS)
    probes = property(lambda self: self.path / PROBES)
    evaluation = property(lambda self: self.path / EVALUATION)
    model = property(lambda self: self.path / MODEL)

    def exists(self) -> bool:
        return self.path.is_dir() and (self.settings.is_file() or self.status.is_file())


def run_folder(name_or_path: str | Path, root: Path | None = None) -> RunFolder:
    """A run by folder path, or by name under ATTNVIZ_HOME/runs."""
    path = Path(name_or_path).expanduser()
    if path.is_dir() or path.is_absolute() or len(path.parts) > 1:
        return RunFolder(path)
    return RunFolder(runs_root(root) / sanitize_name(str(name_or_path)))


def create_run(
    settings: dict, name: str = "", root: Path | None = None, *, path: Path | None = None, state: str = QUEUED
) -> RunFolder:
    """A new run folder with its settings and a first status. ``path``: an explicit folder (the
    command line's ``--out``), which must be new or empty."""
    if path is not None:
        path = Path(path).expanduser()
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise RunError(
                "run_exists", f"{path} already exists and is not empty: choose another --out.", name=str(path)
            )
        path.mkdir(parents=True, exist_ok=True)
        folder = RunFolder(path)
    else:
        root = runs_root(root)
        wanted = name or default_name(settings.get("model", ""), settings.get("data", ""))
        for _ in range(20):  # two sessions may pick the same name at once
            candidate = root / unique_name(wanted, root)
            try:
                candidate.mkdir(parents=True)
                break
            except FileExistsError:
                continue
        else:
            raise RunError("run_exists", f"Could not create a run folder named {wanted}.", name=wanted)
        folder = RunFolder(candidate)
    write_json(folder.settings, settings)
    write_status(folder, {"state": state, "step": 0, "total_steps": 0, "created_at": time.time()})
    return folder


# --- JSON files ------------------------------------------------------------------------------------


def write_json(path: Path, data) -> None:
    """Write atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(_jsonable(data), handle, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path, default=None):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def process_identity() -> dict:
    """Who writes a run's status: pid, host and the process's start time (so that a new process
    that got the same pid after a restart is not taken for the old one)."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "process_start": _process_start(os.getpid())}


def _process_start(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def writer_alive(status: dict) -> bool:
    """Whether the process that last wrote ``status`` still runs (on this host)."""
    pid = status.get("pid")
    if not isinstance(pid, int) or status.get("host") not in (None, socket.gethostname()):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    recorded = status.get("process_start")
    return recorded is None or _process_start(pid) == recorded


def write_status(folder: RunFolder, status: dict) -> dict:
    status = {**status, **process_identity(), "updated_at": time.time()}
    write_json(folder.status, status)
    return status


def read_status(folder: RunFolder) -> dict:
    """status.json with the fields the app reads in their types; a file that is not what a run
    writes gives ``state: damaged`` and its ``problems``."""
    status = read_json(folder.status, None)
    if status is None or status == {}:
        status = {"state": FINISHED if folder.model.is_dir() else FAILED, "step": 0, "total_steps": 0}
    if isinstance(status, dict):
        status.setdefault("state", FAILED)
        status.setdefault("step", 0)
        status.setdefault("total_steps", 0)
    problems = run_files.check_status(status, STATES)
    if problems:
        return {"state": DAMAGED, "step": 0, "total_steps": 0, "problems": problems}
    return status


def read_settings(folder: RunFolder) -> dict:
    """settings.json, or {} when it is missing or not what a run writes."""
    data = read_json(folder.settings, {})
    return data if isinstance(data, dict) and not run_files.check_settings(data) else {}


def read_evaluation(folder: RunFolder) -> dict | None:
    """evaluation.json when it holds what the page draws, else None."""
    data = read_json(folder.evaluation, None)
    return data if run_files.sound_evaluation(data) else None


def append_metrics(folder: RunFolder, rows: list[dict]) -> None:
    if not rows:
        return
    with folder.metrics.open("a", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(_jsonable(row), ensure_ascii=False) + "\n")


def read_metrics(folder: RunFolder) -> list[dict]:
    """Every metrics line; a half-written last line (a crash mid-write) is skipped."""
    rows = []
    try:
        text = folder.metrics.read_text(encoding="utf-8")
    except OSError:
        return rows
    for line in text.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if run_files.sound_metrics_row(row):
            rows.append(row)
    return rows


# --- probes ----------------------------------------------------------------------------------------


def write_probe_index(folder: RunFolder, index: dict) -> None:
    write_json(folder.probes / PROBES_INDEX, index)


def read_probe_index(folder: RunFolder) -> dict | None:
    index = read_json(folder.probes / PROBES_INDEX, None)
    return index if run_files.sound_probe_index(index) else None


def _snapshot_fits(folder: RunFolder, step: int) -> bool:
    """Whether a snapshot's arrays fit the run's probe index (checked from the headers)."""
    path = folder.probes / f"step_{int(step):06d}.npz"
    index = read_probe_index(folder)
    if index is None:  # written just before its index, or an old run: the size cap alone
        return run_files.npz_shapes_fit(path)
    longest = max((len(tokens) for tokens in index["tokens"]), default=0)
    return run_files.npz_shapes_fit(path, index["layers"], index["heads"], longest)


def write_probe_snapshot(
    folder: RunFolder, step: int, attentions: list[np.ndarray], probabilities: list[np.ndarray]
) -> None:
    """One snapshot: per probe its attention (layers, heads, T, T) as float16 and its probabilities."""
    folder.probes.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for i, (attention, probs) in enumerate(zip(attentions, probabilities)):
        arrays[f"attention_{i}"] = np.asarray(attention, np.float16)
        arrays[f"probabilities_{i}"] = np.asarray(probs, np.float32)
    target = folder.probes / f"step_{int(step):06d}.npz"
    tmp = target.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, target)


def probe_steps(folder: RunFolder) -> list[int]:
    steps = []
    for path in folder.probes.glob("step_*.npz"):
        match = re.fullmatch(r"step_(\d+)\.npz", path.name)
        if match:
            steps.append(int(match.group(1)))
    return sorted(steps)


def read_probe_snapshot(folder: RunFolder, step: int) -> dict | None:
    """{"attentions": [array (L, H, T, T) float32 per probe], "probabilities": [...]} or None."""
    if not _snapshot_fits(folder, step):
        return None
    try:
        with np.load(folder.probes / f"step_{int(step):06d}.npz") as data:
            count = sum(1 for key in data.files if key.startswith("attention_"))
            return {
                "attentions": [data[f"attention_{i}"].astype(np.float32) for i in range(count)],
                "probabilities": [data[f"probabilities_{i}"] for i in range(count)],
            }
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None


def probe_history(folder: RunFolder, probe: int) -> tuple[list[int], np.ndarray]:
    """(steps, probabilities (snapshots, classes)) of one probe across all snapshots."""
    steps, rows = [], []
    for step in probe_steps(folder):
        if not _snapshot_fits(folder, step):
            continue
        try:
            with np.load(folder.probes / f"step_{step:06d}.npz") as data:
                rows.append(np.asarray(data[f"probabilities_{probe}"], np.float32))
                steps.append(step)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            continue
    return steps, (np.stack(rows) if rows else np.zeros((0, 0), np.float32))


# --- listing ---------------------------------------------------------------------------------------


@dataclass
class RunInfo:
    name: str
    path: Path
    state: str
    step: int
    total_steps: int
    settings: dict = field(default_factory=dict)
    status: dict = field(default_factory=dict)

    @property
    def problems(self) -> list[str]:
        """Why the run is damaged (empty when it is not)."""
        return list(self.status.get("problems") or [])

    @property
    def has_model(self) -> bool:
        """A model folder whose config is one the app may build (an imported config can ask for
        a vocabulary of millions)."""
        config = self.path / MODEL / "config.json"
        return config.is_file() and not run_files.check_model_config(read_json(config, None))

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def created_at(self) -> float:
        value = self.status.get("created_at") or self.status.get("updated_at")
        if isinstance(value, (int, float)):
            return float(value)
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0


def run_info(folder: RunFolder) -> RunInfo:
    """A run as listed. A run whose status says it is active but whose writer process is gone
    (a restart nobody has looked at yet, a killed command line) is reported as interrupted."""
    status = read_status(folder)
    raw_settings = read_json(folder.settings, {})
    settings_problems = run_files.check_settings(raw_settings) if raw_settings != {} else []
    if settings_problems:
        status = {"state": DAMAGED, "step": 0, "total_steps": 0, "problems": settings_problems}
    state = str(status["state"])
    if state in ACTIVE_STATES and not writer_alive(status):
        state = INTERRUPTED
    return RunInfo(
        folder.name,
        folder.path,
        state,
        int(status.get("step") or 0),
        int(status.get("total_steps") or 0),
        read_settings(folder),
        status,
    )


def list_runs(root: Path | None = None) -> list[RunInfo]:
    """Every run folder, newest first."""
    root = runs_root(root)
    runs = [
        run_info(RunFolder(p))
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith(".") and RunFolder(p).exists()
    ]
    return sorted(runs, key=lambda r: r.created_at, reverse=True)


def latest_finished_run(root: Path | None = None) -> RunInfo | None:
    """The newest finished run that has a model (what the heatmap page uses by default)."""
    return next((r for r in list_runs(root) if r.state == FINISHED and r.has_model), None)


def runs_with_model(root: Path | None = None) -> list[RunInfo]:
    return [r for r in list_runs(root) if r.has_model and not r.active]


def mark_interrupted(root: Path | None = None, live: set[str] | frozenset = frozenset()) -> list[str]:
    """Runs whose status says queued / preparing / running / paused but whose writer is gone
    (a server restart, a killed command line), other than the names in ``live``, become
    ``interrupted``. Returns their names."""
    marked = []
    for run in list_runs(root):
        if run.status.get("state") not in ACTIVE_STATES or run.name in live:
            continue
        same_process = run.status.get("pid") == os.getpid() and writer_alive(run.status)
        if same_process or not writer_alive(run.status):
            was = run.status.get("state")
            status = {
                **run.status,
                "state": INTERRUPTED,
                "error": {
                    "code": "interrupted",
                    "message": "The server or the command stopped while this run was "
                    f"{was}; its metrics and last checkpoint are kept.",
                },
                "interrupted_from": was,
            }
            write_status(RunFolder(run.path), status)
            marked.append(run.name)
    return marked


def delete_run(folder: RunFolder) -> None:
    if folder.path.is_dir():
        shutil.rmtree(folder.path)


# --- zip export / import ---------------------------------------------------------------------------


def export_zip(folder: RunFolder, target=None):
    """The whole run folder as one zip, entries under ``NAME/``. ``target``: a path or a binary file
    object; None returns the bytes. Weights are stored (they do not compress), the rest deflated."""
    if not folder.exists():
        raise RunError("run_not_found", f"No run at {folder.path}.", name=folder.name)
    buffer = io.BytesIO() if target is None else None
    with zipfile.ZipFile(buffer if target is None else target, "w") as archive:
        for path in sorted(folder.path.rglob("*")):
            if not path.is_file() or (path.name.startswith(".") and path.name.endswith(".tmp")):
                continue
            relative = path.relative_to(folder.path).as_posix()
            method = (
                zipfile.ZIP_STORED if path.suffix in (".h5", ".safetensors", ".npz") else zipfile.ZIP_DEFLATED
            )
            archive.write(path, f"{folder.name}/{relative}", compress_type=method)
    return buffer.getvalue() if buffer is not None else None


def runs_quota_bytes() -> int:
    """How much all runs together may take (``ATTNVIZ_RUNS_QUOTA_MB``)."""
    try:
        megabytes = float(os.environ.get("ATTNVIZ_RUNS_QUOTA_MB", DEFAULT_RUNS_QUOTA_MB))
    except ValueError:
        megabytes = DEFAULT_RUNS_QUOTA_MB
    return int(max(0.0, megabytes) * 2**20)


def folder_bytes(path: Path) -> int:
    total = 0
    for entry in Path(path).rglob("*"):
        try:
            if entry.is_file() and not entry.is_symlink():
                total += entry.stat().st_size
        except OSError:
            continue
    return total


def import_zip(source, filename: str = "run.zip", root: Path | None = None) -> RunFolder:
    """Unpack an exported run (bytes, a path or a file object) as a new run under the runs folder;
    its name comes from the zip's folder (made unique). Runs that were active when exported come
    back as interrupted. The zip is a stranger's file: sizes, ratios, paths and every run file are
    checked (:mod:`.run_files`) before the run appears. Raises RunError, never anything else."""
    if not _IMPORTING.acquire(blocking=False):
        raise RunError("import_busy", "Another run is being imported: try again in a moment.")
    try:
        return _import_zip(source, filename, root)
    finally:
        _IMPORTING.release()


def _import_zip(source, filename: str, root: Path | None) -> RunFolder:
    root = runs_root(root)
    filename = Path(str(filename)).name[:MAX_PATH_PART] or "run.zip"
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise RunError("bad_zip", f"{filename} is not a zip file.", filename=filename) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if not members:
            raise RunError("bad_zip", f"{filename} is empty.", filename=filename)
        declared = sum(m.file_size for m in members)
        if len(members) > MAX_IMPORT_FILES or declared > MAX_IMPORT_BYTES:
            raise RunError("zip_too_large", f"{filename} is too large to be a run.", filename=filename)
        if any(
            m.file_size > 2**20 and m.file_size > MAX_IMPORT_RATIO * max(1, m.compress_size) for m in members
        ):
            raise RunError("zip_bomb", f"{filename} unpacks to far more than it holds.", filename=filename)
        if folder_bytes(root) + declared > runs_quota_bytes():
            raise RunError(
                "runs_quota",
                f"The saved runs would pass their quota of {runs_quota_bytes() // 2**20} MB.",
                quota_mb=runs_quota_bytes() // 2**20,
            )
        paths = [_safe_member_path(member, filename) for member in members]
        prefix = _common_prefix(paths)
        relative = [PurePosixPath(*p.parts[len(prefix) :]) for p in paths]
        if not any(str(p) in (SETTINGS, STATUS) for p in relative):
            raise RunError(
                "not_a_run",
                f"{filename} is not an exported run (no settings.json or status.json).",
                filename=filename,
            )
        wanted = prefix[-1] if prefix else Path(filename).stem
        staging = Path(tempfile.mkdtemp(dir=root, prefix=".import-"))
        try:
            _unpack(archive, members, relative, staging, filename)
            _check_imported(RunFolder(staging), filename)
            name = _move_in(staging, wanted, root)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    folder = RunFolder(root / name)
    status = read_status(folder)
    if status["state"] in ACTIVE_STATES:
        status.update(state=INTERRUPTED, interrupted_from=status["state"])
    status["imported_from"] = filename
    status.setdefault("created_at", time.time())
    write_status(folder, status)
    return folder


def _safe_member_path(member: zipfile.ZipInfo, filename: str) -> PurePosixPath:
    """The member's path inside the run, or RunError for anything that could land elsewhere."""
    path = PurePosixPath(member.filename.replace("\\", "/"))
    unsafe = (
        path.is_absolute()
        or ".." in path.parts
        or (member.external_attr >> 16) & 0o170000 == 0o120000  # a symbolic link
        or any(len(part) > MAX_PATH_PART or part.startswith("~") or ":" in part for part in path.parts)
    )
    if unsafe:
        raise RunError("unsafe_zip", f"{filename} holds an unsafe path.", filename=filename)
    return path


def _unpack(archive, members, relative, staging: Path, filename: str) -> None:
    """Copy the members, counting real bytes (a header can lie about sizes)."""
    budget = MAX_IMPORT_BYTES
    try:
        for member, rel in zip(members, relative):
            target = staging.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as src, target.open("wb") as dst:
                while chunk := src.read(2**20):
                    budget -= len(chunk)
                    if budget < 0:
                        raise RunError(
                            "zip_bomb", f"{filename} unpacks to far more than it holds.", filename=filename
                        )
                    dst.write(chunk)
    except RunError:
        raise
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise RunError("disk_full_import", "The disk is full: the run was not imported.") from None
        raise RunError("bad_zip", f"{filename} could not be unpacked.", filename=filename) from None
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, EOFError, zlib.error):
        # a bad CRC, an encrypted entry, an unknown compression method, a truncated file
        raise RunError("bad_zip", f"{filename} is damaged or encrypted.", filename=filename) from None


def _check_imported(folder: RunFolder, filename: str) -> None:
    """Every run file the app will read, checked before the run is listed."""
    problems = []
    status = read_json(folder.status, None)
    if status is not None:
        problems += run_files.check_status(
            {"state": FAILED, **status} if isinstance(status, dict) else status, STATES
        )
    settings = read_json(folder.settings, None)
    if settings is not None:
        problems += run_files.check_settings(settings)
    if folder.model.exists():
        problems += run_files.check_model_config(read_json(folder.model / "config.json", None))
    if (folder.probes / PROBES_INDEX).exists() and read_probe_index(folder) is None:
        problems.append("probes/probes.json")
    if folder.evaluation.exists() and read_evaluation(folder) is None:
        problems.append("evaluation.json")
    if problems:
        raise RunError(
            "damaged_run",
            f"{filename} is not a run this app can show: {', '.join(problems)}.",
            filename=filename,
            problems=", ".join(problems),
        )


def _move_in(staging: Path, wanted: str, root: Path) -> str:
    for _ in range(20):
        name = unique_name(wanted, root)
        try:
            staging.rename(root / name)
            return name
        except OSError:
            continue
    raise RunError("run_exists", f"Could not name the imported run {wanted}.", name=wanted)


def _common_prefix(paths: list[PurePosixPath]) -> tuple[str, ...]:
    """The single top folder all entries share (``NAME/``), or ()."""
    tops = {p.parts[0] for p in paths if len(p.parts) > 1}
    if len(tops) == 1 and all(len(p.parts) > 1 for p in paths):
        return (tops.pop(),)
    return ()
