"""Data sets for classification, as real ``datasets.DatasetDict`` objects.

Every loader returns splits ``train``, ``validation`` and ``test`` with two columns: ``text``
(string) and ``label`` (a ``ClassLabel`` whose ``names`` are the classes). Sources:

- a catalog name or Hub data set id (parquet files fetched once into ATTNVIZ_HOME/datasets);
- a CSV / TSV / JSONL / Parquet file, or the bytes of an upload with its file name;
- a folder of per-class text files (the layout of rt-polarity: ``x.pos``, ``x.neg``);
- a folder holding parquet files (a data set fetched earlier).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from attnviz.nlp import catalog, hub
from attnviz.nlp.data_readers import (
    DEFAULT_MAX_BYTES,
    Examples,
    read_class_folder,
    read_parquet_columns,
    read_table_bytes,
    read_table_file,
)
from attnviz.nlp.errors import DataError
from attnviz.nlp.splits import SPLITS, SplitSizes, check_enough, stratified_split

__all__ = [
    "SplitSizes",
    "load_data",
    "load_upload",
    "load_hub_dataset",
    "label_names",
    "class_counts",
    "DEFAULT_MAX_BYTES",
]

_FILE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".json", ".ndjson", ".parquet", ".pq")
_SPLIT_IN_PATH = re.compile(r"(?:^|[/_.-])(train|validation|valid|dev|test)(?:[/_.-]|$)")


def load_data(
    source: str | Path,
    *,
    sizes: SplitSizes = SplitSizes(),
    seed: int = 0,
    text_column: str | None = None,
    label_column: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: hub.ProgressCallback | None = None,
):
    """A DatasetDict (train / validation / test) from a file, a folder, or a Hub name."""
    text = str(source).strip()
    if not text:
        raise DataError("data_not_found", "No data set given.", source=text)
    path = Path(text).expanduser()
    if path.is_file():
        examples = read_table_file(path, text_column, label_column, max_bytes)
        return _split_one_pool(examples, sizes, seed, path.name)
    if path.is_dir():
        if any(path.rglob("*.parquet")):
            return _from_parquet_folder(path, None, sizes, seed, text_column, label_column)
        return _split_one_pool(read_class_folder(path, max_bytes), sizes, seed, path.name)
    looks_like_file = text.startswith((".", "/", "~")) or path.suffix.lower() in _FILE_SUFFIXES
    if path.exists() or looks_like_file:
        raise DataError("data_not_found", f"No file or folder at {path}.", source=text)
    return load_hub_dataset(
        text, sizes=sizes, seed=seed, text_column=text_column, label_column=label_column, progress=progress
    )


def load_upload(
    data: bytes,
    filename: str,
    *,
    sizes: SplitSizes = SplitSizes(),
    seed: int = 0,
    text_column: str | None = None,
    label_column: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
):
    """An uploaded CSV / TSV / JSONL / Parquet file (its bytes and its name)."""
    examples = read_table_bytes(data, filename, text_column, label_column, max_bytes)
    return _split_one_pool(examples, sizes, seed, filename)


def load_hub_dataset(
    name: str,
    *,
    sizes: SplitSizes = SplitSizes(),
    seed: int = 0,
    text_column: str | None = None,
    label_column: str | None = None,
    progress: hub.ProgressCallback | None = None,
):
    """A catalog data set (imdb, rotten_tomatoes, sst2, ag_news, emotion) or a Hub data set id with
    parquet files. Uses ATTNVIZ_HOME/datasets when fetched before; downloads otherwise."""
    folder = hub.downloaded_dataset(name) or hub.download_dataset(name, progress=progress)
    return _from_parquet_folder(folder, catalog.find_dataset(name), sizes, seed, text_column, label_column)


def label_names(dataset_dict) -> list[str]:
    return list(dataset_dict["train"].features["label"].names)


def class_counts(dataset) -> dict[str, int]:
    """Examples per class name in one split."""
    names = dataset.features["label"].names
    counts = np.bincount(np.asarray(dataset["label"], np.int64), minlength=len(names))
    return {name: int(count) for name, count in zip(names, counts)}


def _from_parquet_folder(folder: Path, entry, sizes: SplitSizes, seed: int, text_column, label_column):
    by_split: dict[str, list[Path]] = {}
    for path in sorted(folder.rglob("*.parquet")):
        relative = path.relative_to(folder).as_posix()
        if relative.startswith(".cache/"):
            continue
        match = _SPLIT_IN_PATH.search(relative.lower())
        if match:
            split = {"valid": "validation", "dev": "validation"}.get(match.group(1), match.group(1))
            by_split.setdefault(split, []).append(path)
    if "train" not in by_split:
        raise DataError("no_data_files", f"{folder} has no training parquet file.", source=folder.name)
    known = entry.label_names if entry else ()
    text_column = text_column or (entry.text_column if entry else None)
    label_column = label_column or (entry.label_column if entry else None)
    pools = {
        split: read_parquet_columns(paths, text_column, label_column, known)
        for split, paths in by_split.items()
    }
    # A split without labels (sst2's test set is all -1) is as good as absent: carve it from train.
    pools = {split: pool for split, pool in pools.items() if split == "train" or len(pool.labels)}
    names = pools["train"].names
    check_enough(pools["train"].labels, names, folder.name)
    return _split_pools(pools, names, sizes, seed)


def _split_one_pool(examples: Examples, sizes: SplitSizes, seed: int, source: str):
    check_enough(examples.labels, examples.names, source)
    return _split_pools({"train": examples}, examples.names, sizes, seed)


def _split_pools(pools: dict[str, Examples], names: list[str], sizes: SplitSizes, seed: int):
    """Draw test, then validation, then train. A split the source already has is subsampled from
    its own pool; a missing one is carved out of the training pool, stratified."""
    chosen: dict[str, tuple[Examples, np.ndarray]] = {}
    train = pools["train"]
    carve: dict[str, int | None] = {}
    for split in ("test", "validation"):
        if split in pools:
            own = pools[split]
            picked = stratified_split(own.labels, {split: sizes.count(split, len(own.labels))}, seed)[split]
            chosen[split] = (own, picked)
        else:
            carve[split] = sizes.count(split, len(train.labels))
    carve["train"] = sizes.count("train", len(train.labels))
    for split, indices in stratified_split(train.labels, carve, seed).items():
        chosen[split] = (train, indices)
    return _to_dataset_dict(chosen, names)


def _to_dataset_dict(chosen: dict[str, tuple[Examples, np.ndarray]], names: list[str]):
    import datasets

    features = datasets.Features(
        {"text": datasets.Value("string"), "label": datasets.ClassLabel(names=list(names))}
    )
    return datasets.DatasetDict(
        {
            split: datasets.Dataset.from_dict(
                {
                    "text": [chosen[split][0].texts[i] for i in chosen[split][1]],
                    "label": chosen[split][0].labels[chosen[split][1]].tolist(),
                },
                features=features,
            )
            for split in SPLITS
        }
    )
