"""The Hugging Face Hub: a fast reachability check, and downloads into ATTNVIZ_HOME.

Downloads land in ``ATTNVIZ_HOME/models/NAME`` and ``ATTNVIZ_HOME/datasets/NAME`` as plain folders
(a ``save_pretrained``-style model folder; the data set's parquet files), never in the Hugging Face
cache, so that "what is on disk" is a folder listing and a classroom without internet can use them.
No TensorFlow here: ``prefetch`` runs without it.
"""

from __future__ import annotations

import fnmatch
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from attnviz.nlp import catalog
from attnviz.nlp.errors import HubUnreachable, NlpError
from attnviz.nlp.paths import (
    INCOMPLETE_MARKER,
    datasets_dir,
    folder_name,
    is_dataset_dir,
    is_model_dir,
    models_dir,
)

PROBE_TIMEOUT_S = 3.0
# A probe's answer is reused this long, so a page rerun does not wait on the network again.
PROBE_MEMORY_S = 30.0
SOURCE_FILE = "attnviz-source.json"

TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "vocab.json",
    "merges.txt",
    "added_tokens.json",
    "spiece.model",
    "sentencepiece.bpe.model",
    "source.spm",  # Marian: one sentencepiece model per side
    "target.spm",
)
# In order of preference: TensorFlow weights load natively; PyTorch safetensors go through our
# numpy conversion (see loading.py).
WEIGHT_CHOICES = (
    ("tf_model.h5",),
    ("model.safetensors",),
    ("tf_model.h5.index.json", "tf_model-*.h5"),
    ("model.safetensors.index.json", "model-*.safetensors"),
)


@dataclass(frozen=True)
class Progress:
    done_bytes: int
    total_bytes: int
    filename: str

    @property
    def fraction(self) -> float:
        return min(1.0, self.done_bytes / self.total_bytes) if self.total_bytes else 0.0


ProgressCallback = Callable[[Progress], None]


def hub_endpoint() -> str:
    """Read at call time, so HF_ENDPOINT can point at a mirror (or a stand-in Hub in tests)."""
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


_probe_memory: dict[str, tuple[float, str | None]] = {}


def check_hub(timeout: float = PROBE_TIMEOUT_S) -> None:
    """Raise :class:`HubUnreachable` unless the Hub answers within ``timeout`` seconds.

    The request runs in a daemon thread joined with a deadline: a stalled DNS lookup or TCP
    connection cannot make the caller wait longer than ``timeout`` (plus a little).
    """
    endpoint = hub_endpoint()
    if hub_offline():
        raise HubUnreachable(endpoint, "HF_HUB_OFFLINE is set")
    remembered = _probe_memory.get(endpoint)
    if remembered and time.monotonic() - remembered[0] < PROBE_MEMORY_S:
        reason = remembered[1]
    else:
        reason = _probe(endpoint, timeout)
        _probe_memory[endpoint] = (time.monotonic(), reason)
    if reason is not None:
        raise HubUnreachable(endpoint, reason)


def forget_probe() -> None:
    _probe_memory.clear()


def _probe(endpoint: str, timeout: float) -> str | None:
    """None when the endpoint answered, else why not."""
    result: list[str | None] = []

    def attempt() -> None:
        import requests

        try:
            response = requests.head(endpoint + "/api/models", timeout=timeout, allow_redirects=False)
            result.append(None if response.status_code < 500 else f"HTTP {response.status_code}")
        except requests.RequestException as error:
            result.append(type(error).__name__)

    worker = threading.Thread(target=attempt, daemon=True, name="attnviz-hub-probe")
    worker.start()
    worker.join(timeout + 0.5)
    return result[0] if result else f"no answer within {timeout:g} s"


# --- models -------------------------------------------------------------------------------------


def model_download_dir(name: str, root: Path | None = None) -> Path:
    """Where a Hub model is (or would be) stored: ATTNVIZ_HOME/models/<catalog name or org--repo>."""
    entry = catalog.find_model(name)
    return (root or models_dir()) / folder_name(entry.name if entry else name)


def downloaded_model(name: str, root: Path | None = None) -> Path | None:
    folder = model_download_dir(name, root)
    return folder if is_model_dir(folder) else None


def download_model(
    name: str, *, root: Path | None = None, progress: ProgressCallback | None = None, files: str = "all"
) -> Path:
    """Fetch a model (config, weights, tokenizer) from the Hub into ``root`` (ATTNVIZ_HOME/models).

    ``name`` is a catalog name or a Hub repo id. ``files="tokenizer"`` fetches only the tokenizer.
    Returns the folder; an already complete folder is returned without touching the network.
    """
    target = model_download_dir(name, root)
    with _folder_lock(target):
        return _download_model(name, target, progress, files)


def _download_model(name: str, target: Path, progress: ProgressCallback | None, files: str) -> Path:
    if (files == "all" and is_model_dir(target)) or (files == "tokenizer" and _has_tokenizer(target)):
        return target
    entry = catalog.find_model(name)
    repo_id = entry.repo_id if entry else name
    _check_repo_id(repo_id)
    listing = _list_repo(repo_id, "model")
    wanted = [f for f in listing.files if f in TOKENIZER_FILES]
    if not wanted:
        raise NlpError(
            "no_tokenizer", f"The Hub repository {repo_id} has no tokenizer files.", source=repo_id
        )
    if files == "all":
        if "config.json" not in listing.files:
            raise NlpError("not_a_model", f"The Hub repository {repo_id} has no config.json.", source=repo_id)
        wanted = ["config.json", *wanted, *_choose_weights(repo_id, listing.files)]
    _fetch(repo_id, "model", listing, wanted, target, progress)
    return target


def _choose_weights(repo_id: str, files: dict[str, int]) -> list[str]:
    for patterns in WEIGHT_CHOICES:
        if patterns[0] in files:
            return [f for f in files if any(fnmatch.fnmatch(f, p) for p in patterns)]
    raise NlpError(
        "no_weights",
        f"The Hub repository {repo_id} has no TensorFlow (tf_model.h5) or safetensors weights.",
        source=repo_id,
    )


def _has_tokenizer(folder: Path) -> bool:
    return (folder / "tokenizer_config.json").is_file() and not (folder / INCOMPLETE_MARKER).exists()


# --- data sets ----------------------------------------------------------------------------------


def dataset_download_dir(name: str, root: Path | None = None) -> Path:
    entry = catalog.find_dataset(name)
    return (root or datasets_dir()) / folder_name(entry.name if entry else name)


def downloaded_dataset(name: str, root: Path | None = None) -> Path | None:
    folder = dataset_download_dir(name, root)
    return folder if is_dataset_dir(folder) else None


def download_dataset(
    name: str, *, root: Path | None = None, progress: ProgressCallback | None = None
) -> Path:
    """Fetch a data set's parquet files from the Hub into ``root`` (ATTNVIZ_HOME/datasets)."""
    target = dataset_download_dir(name, root)
    with _folder_lock(target):
        return _download_dataset(name, target, progress)


def _download_dataset(name: str, target: Path, progress: ProgressCallback | None) -> Path:
    if is_dataset_dir(target):
        return target
    entry = catalog.find_dataset(name)
    repo_id = entry.repo_id if entry else name
    _check_repo_id(repo_id)
    patterns = entry.files if entry else ("*.parquet",)
    listing = _list_repo(repo_id, "dataset")
    wanted = [f for f in listing.files if any(fnmatch.fnmatch(f, p) for p in patterns)]
    if not wanted:
        raise NlpError(
            "no_data_files", f"The Hub data set {repo_id} has no parquet files to fetch.", source=repo_id
        )
    _fetch(repo_id, "dataset", listing, wanted, target, progress)
    return target


# --- shared download machinery ------------------------------------------------------------------


@dataclass(frozen=True)
class _Listing:
    sha: str | None
    files: dict[str, int]  # path in repo -> size in bytes (0 when unknown)


def _check_repo_id(repo_id: str) -> None:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError:
        raise NlpError(
            "bad_source",
            f"'{repo_id}' is neither an existing folder nor a valid Hugging Face Hub id.",
            source=repo_id,
        ) from None


def _list_repo(repo_id: str, repo_type: str) -> _Listing:
    check_hub()
    from huggingface_hub import HfApi

    api = HfApi(endpoint=hub_endpoint())
    with _hub_errors(repo_id):
        if repo_type == "model":
            info = api.model_info(repo_id, files_metadata=True, timeout=30)
        else:
            info = api.dataset_info(repo_id, files_metadata=True, timeout=30)
    return _Listing(info.sha, {s.rfilename: s.size or 0 for s in info.siblings or []})


def _fetch(
    repo_id: str,
    repo_type: str,
    listing: _Listing,
    wanted: list[str],
    target: Path,
    progress: ProgressCallback | None,
) -> None:
    from huggingface_hub import hf_hub_download

    target.mkdir(parents=True, exist_ok=True)
    marker = target / INCOMPLETE_MARKER
    marker.write_text(repo_id, encoding="utf-8")
    total = sum(listing.files.get(f, 0) for f in wanted)
    done = 0
    for filename in wanted:
        with _hub_errors(repo_id), _watch(target, done, total, filename, progress):
            hf_hub_download(
                repo_id,
                filename,
                repo_type=repo_type,
                revision=listing.sha or "main",
                local_dir=target,
                endpoint=hub_endpoint(),
            )
        done += listing.files.get(filename, 0)
        if progress:
            progress(Progress(done, total, filename))
    (target / SOURCE_FILE).write_text(
        json.dumps(
            {"repo_id": repo_id, "repo_type": repo_type, "revision": listing.sha, "files": wanted}, indent=2
        ),
        encoding="utf-8",
    )
    marker.unlink()


class _watch:  # noqa: N801 - a context manager, named like the function it reads as
    """Reports bytes while one file downloads, by polling the size of huggingface_hub's
    ``.incomplete`` file (hf_hub_download takes no progress callback)."""

    def __init__(self, target: Path, done: int, total: int, filename: str, progress: ProgressCallback | None):
        self.args = (target / ".cache" / "huggingface" / "download", done, total, filename, progress)
        self.stop = threading.Event()

    def __enter__(self):
        if self.args[-1] is not None:
            threading.Thread(target=self._poll, daemon=True, name="attnviz-download-progress").start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        return False

    def _poll(self) -> None:
        cache, done, total, filename, progress = self.args
        while not self.stop.wait(0.25):
            partial = sum(p.stat().st_size for p in cache.rglob("*.incomplete")) if cache.is_dir() else 0
            if partial and not self.stop.is_set():
                progress(Progress(min(done + partial, total), total, filename))


class _hub_errors:  # noqa: N801 - a context manager, named like the function it reads as
    """Turns huggingface_hub / requests errors into NlpError with a code."""

    def __init__(self, repo_id: str):
        self.repo_id = repo_id

    def __enter__(self):
        return self

    def __exit__(self, exc_type, error, tb):
        if error is None or isinstance(error, NlpError):
            return False
        import requests
        from huggingface_hub.errors import (
            GatedRepoError,
            HfHubHTTPError,
            OfflineModeIsEnabled,
            RepositoryNotFoundError,
            RevisionNotFoundError,
        )

        endpoint = hub_endpoint()
        if isinstance(error, (OfflineModeIsEnabled, requests.ConnectionError, requests.Timeout)):
            raise HubUnreachable(endpoint, type(error).__name__) from error
        if isinstance(error, GatedRepoError):
            raise NlpError(
                "hub_gated", f"{self.repo_id} on the Hub needs a login token.", source=self.repo_id
            ) from error
        if isinstance(error, (RepositoryNotFoundError, RevisionNotFoundError)):
            raise NlpError(
                "hub_not_found", f"{self.repo_id} was not found on the Hub.", source=self.repo_id
            ) from error
        if isinstance(error, (HfHubHTTPError, OSError)):
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise NlpError(
                "download_failed",
                f"Downloading {self.repo_id} failed: {reason}",
                source=self.repo_id,
                reason=reason,
            ) from error
        return False


_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def _folder_lock(folder: Path) -> threading.Lock:
    """One download per folder at a time (two students pressing the same button)."""
    with _locks_guard:
        return _locks.setdefault(folder.resolve(), threading.Lock())
