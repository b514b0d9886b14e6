"""Where the app writes: one folder, ATTNVIZ_HOME, with models/, datasets/ and runs/.

Plain file-system code (no TensorFlow), so the home page can show what is on disk cheaply.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

SUBDIRS = ("models", "datasets", "runs")
# A folder being filled by a download carries this file until the download ends.
INCOMPLETE_MARKER = ".attnviz-incomplete"
WEIGHT_FILES = ("tf_model.h5", "model.safetensors", "model.safetensors.index.json", "tf_model.h5.index.json")


def attnviz_home() -> Path:
    """ATTNVIZ_HOME from the environment, else from .streamlit/secrets.toml, else ~/.attnviz.

    The folder and its models/, datasets/, runs/ are created if missing.
    """
    home = Path(_configured_home() or "~/.attnviz").expanduser().resolve()
    for sub in SUBDIRS:
        (home / sub).mkdir(parents=True, exist_ok=True)
    return home


def models_dir() -> Path:
    return attnviz_home() / "models"


def datasets_dir() -> Path:
    return attnviz_home() / "datasets"


def runs_dir() -> Path:
    return attnviz_home() / "runs"


def folder_name(name: str) -> str:
    """A Hub id as one safe folder name: ``org/model`` -> ``org--model``."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name.strip().replace("/", "--")).strip(".-")
    return cleaned or "unnamed"


def is_model_dir(path: Path) -> bool:
    """A finished model folder: config.json and weights, and no download still in progress."""
    path = Path(path)
    return (
        (path / "config.json").is_file()
        and any((path / name).is_file() for name in WEIGHT_FILES)
        and not (path / INCOMPLETE_MARKER).exists()
    )


def is_dataset_dir(path: Path) -> bool:
    """A finished dataset download: parquet files and no download still in progress."""
    path = Path(path)
    return path.is_dir() and any(path.rglob("*.parquet")) and not (path / INCOMPLETE_MARKER).exists()


def local_models(home: Path | None = None) -> list[str]:
    """Names of the finished model folders under ATTNVIZ_HOME/models, sorted."""
    root = (home or attnviz_home()) / "models"
    return sorted(p.name for p in root.iterdir() if p.is_dir() and is_model_dir(p))


def local_datasets(home: Path | None = None) -> list[str]:
    root = (home or attnviz_home()) / "datasets"
    return sorted(p.name for p in root.iterdir() if p.is_dir() and is_dataset_dir(p))


def _configured_home() -> str | None:
    if os.environ.get("ATTNVIZ_HOME"):
        return os.environ["ATTNVIZ_HOME"]
    # Streamlit reads secrets from the working folder and the user's home; so do we, without
    # importing Streamlit (the command line has no Streamlit runtime).
    for secrets in (Path.cwd() / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        try:
            value = tomllib.loads(secrets.read_text(encoding="utf-8")).get("ATTNVIZ_HOME")
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        if value:
            return str(value)
    return None
