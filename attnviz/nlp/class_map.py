"""How a model places a data set's examples: the [CLS] vector of a few hundred validation texts,
before fine-tuning (the base model) and after (a finished run), for a 2-D picture where the
classes separate.

The vectors are computed once per model and set of texts and kept under
``ATTNVIZ_HOME/cache/class_map`` (a .npy file named by a digest of the model's weights and the
texts). Only data and models already on this server are used, never downloaded; on a public server
(``restricted``) only those inside ATTNVIZ_HOME: an imported run's settings name paths of the
machine it came from.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

MAX_EXAMPLES = 500
DEFAULT_EXAMPLES = 300
MAX_TOKENS = 128  # per text: the [CLS] vector of a review's start is enough to see the classes


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def data_on_disk(source: str, *, restricted: bool) -> str | None:
    """``source`` (a run's data) when it can be read here without a download: a fetched data set
    name, or a file or folder (inside ATTNVIZ_HOME when ``restricted``); else None (an upload, a
    data set never fetched, a path of another machine)."""
    from attnviz.nlp import hub
    from attnviz.nlp.paths import attnviz_home

    text = str(source or "").strip()
    if not text or text.startswith("upload:"):
        return None
    path = Path(text).expanduser()
    if path.exists():
        return text if not restricted or _inside(path, attnviz_home()) else None
    try:
        return text if hub.downloaded_dataset(text) is not None else None
    except Exception:  # noqa: BLE001 - a malformed name: not on disk
        return None


def model_on_disk(source: str, *, restricted: bool) -> Path | None:
    """The folder of a run's base model when it is on this server (inside ATTNVIZ_HOME when
    ``restricted``), else None."""
    from attnviz.nlp.paths import attnviz_home
    from attnviz.nlp.training.settings import local_model_folder

    folder = local_model_folder(str(source or ""))
    if folder is None or (restricted and not _inside(folder, attnviz_home())):
        return None
    return folder


def cache_key(model_folder: Path, texts: list[str], max_tokens: int = MAX_TOKENS) -> str:
    digest = hashlib.sha256()
    digest.update(str(Path(model_folder).resolve()).encode())
    for weights in sorted(Path(model_folder).glob("*.h5")) + sorted(Path(model_folder).glob("*.safetensors")):
        stat = weights.stat()
        digest.update(f"{weights.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(str(max_tokens).encode())
    for text in texts:
        digest.update(text.encode("utf-8", "replace") + b"\0")
    return digest.hexdigest()[:32]


def cached_vectors(cache_dir: Path, key: str) -> np.ndarray | None:
    path = Path(cache_dir) / f"{key}.npy"
    try:
        return np.load(path, allow_pickle=False) if path.is_file() else None
    except (OSError, ValueError):
        return None  # a damaged file: computed again


def vectors(cache_dir: Path, key: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
    """The cached vectors for ``key``, else ``compute()`` saved atomically (temp file + rename)."""
    found = cached_vectors(cache_dir, key)
    if found is not None:
        return found
    result = np.asarray(compute(), dtype=np.float32)
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=cache_dir, suffix=".npy.tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            np.save(out, result, allow_pickle=False)
        os.replace(temp, cache_dir / f"{key}.npy")
    except OSError:
        Path(temp).unlink(missing_ok=True)  # a full disk: the picture still shows, uncached
    return result


def centroid_accuracy(points: np.ndarray, labels: np.ndarray) -> float:
    """The share of points nearer to their own class's mean than to any other class's: 1/classes
    when the classes overlap, 1 when they are apart."""
    x = np.asarray(points, dtype=np.float64)
    y = np.asarray(labels)
    classes = np.unique(y)
    centres = np.stack([x[y == c].mean(axis=0) for c in classes])
    distances = ((x[:, None, :] - centres[None]) ** 2).sum(axis=-1)
    return float((classes[np.argmin(distances, axis=1)] == y).mean())
