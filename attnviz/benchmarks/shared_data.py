"""The development data beside the project (``../shared``, or ``$ATTNVIZ_SHARED``): the real MiniLM
checkpoint, rt-polarity sentences and IMDB reviews, split into what a run may train on and a fixed
held-out set it never sees. Only benchmarks read it; the app never does."""

from __future__ import annotations

import csv
import os
import random
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
HELD_OUT_SEED = 0


def shared_root() -> Path:
    return Path(os.environ.get("ATTNVIZ_SHARED") or PROJECT.parent / "shared")


def minilm() -> Path | None:
    folder = shared_root() / "models" / "all-MiniLM-L6-v2"
    return folder if (folder / "model.safetensors").is_file() else None


@dataclass
class Corpus:
    """Labelled texts split once: ``pool`` (a run's data file: it draws its own train / validation
    / test from it) and ``held_out`` (never in the file: what accuracy is measured on)."""

    name: str
    pool: list[tuple[str, str]]
    held_out: list[tuple[str, str]]

    def write_pool(self, folder: Path, limit: int | None = None) -> Path:
        path = Path(folder) / f"{self.name}-pool.csv"
        rows = self.pool[:limit] if limit else self.pool
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", "label"])
            writer.writerows(rows)
        return path


def rt_polarity(held_out: int = 1066) -> Corpus | None:
    """10,662 movie-review sentences; ``held_out`` of them (balanced by the shuffle) kept apart."""
    folder = shared_root() / "data" / "rt-polarity"
    if not (folder / "rt-polarity.pos").is_file():
        return None
    rows = []
    for label in ("neg", "pos"):
        text = (folder / f"rt-polarity.{label}").read_text(encoding="utf-8")
        rows += [(line.strip(), label) for line in text.splitlines() if line.strip()]
    random.Random(HELD_OUT_SEED).shuffle(rows)
    return Corpus("rt-polarity", rows[held_out:], rows[:held_out])


def imdb_dev(held_out: int = 449) -> Corpus | None:
    """1,949 long IMDB reviews; ``held_out`` kept apart (the rest, 1,500, is what a run may use)."""
    path = shared_root() / "data" / "imdb-dev" / "imdb-dev.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(row["text"], row["label"]) for row in csv.DictReader(handle)]
    random.Random(HELD_OUT_SEED).shuffle(rows)
    return Corpus("imdb-dev", rows[held_out:], rows[:held_out])
