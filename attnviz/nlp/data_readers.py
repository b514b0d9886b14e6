"""Reading examples (text, label) from files, uploads and folders into plain columns.

Everything is read into memory (pandas / pyarrow), so nothing is written outside ATTNVIZ_HOME
(``datasets``' own file loaders would cache under ~/.cache).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attnviz.nlp.errors import DataError

TABLE_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
TEXT_COLUMNS = ("text", "sentence", "review", "content", "document", "texto", "frase")
LABEL_COLUMNS = ("label", "labels", "sentiment", "class", "category", "target", "etiqueta", "clase")
IGNORED_IN_FOLDERS = {".md", ".markdown"}
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


@dataclass
class Examples:
    """Texts with integer labels 0..k-1 and the class names."""

    texts: list[str]
    labels: np.ndarray
    names: list[str]


def read_table_bytes(
    data: bytes,
    filename: str,
    text_column: str | None = None,
    label_column: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Examples:
    """A CSV / TSV / JSONL / Parquet file's content (an upload, or a file read from disk)."""
    kind = TABLE_SUFFIXES.get(Path(filename).suffix.lower())
    if kind is None:
        raise DataError(
            "unknown_format",
            f"{filename}: unknown file type; use .csv, .tsv, .jsonl or .parquet (or a folder of per-class .txt files).",
            filename=filename,
        )
    _check_size(len(data), filename, max_bytes)
    if not data.strip():
        raise DataError("empty_file", f"{filename} is empty.", filename=filename)
    frame = _read_frame(data, kind, filename)
    if frame.empty:
        raise DataError("empty_file", f"{filename} has no rows.", filename=filename)
    text_col = _pick_column(frame.columns, text_column, TEXT_COLUMNS, filename, "text")
    label_col = _pick_column(frame.columns, label_column, LABEL_COLUMNS, filename, "label")
    return _to_examples(frame[text_col].tolist(), frame[label_col].tolist(), filename)


def read_table_file(
    path: Path,
    text_column: str | None = None,
    label_column: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Examples:
    path = Path(path)
    _check_size(path.stat().st_size, path.name, max_bytes)
    return read_table_bytes(path.read_bytes(), path.name, text_column, label_column, max_bytes)


def read_class_folder(folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Examples:
    """One file per class, one example per line (stripped, blank lines skipped). The class is the
    file's extension (``rt-polarity.pos`` -> ``pos``), or its stem for ``.txt``; Markdown is ignored."""
    folder = Path(folder)
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() not in IGNORED_IN_FOLDERS
    )
    if not files:
        raise DataError("empty_file", f"{folder} has no data files.", filename=folder.name)
    _check_size(sum(p.stat().st_size for p in files), folder.name, max_bytes)
    texts, labels = [], []
    for path in files:
        name = path.stem if path.suffix.lower() in ("", ".txt") else path.suffix[1:]
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except UnicodeDecodeError:
            raise _bad_encoding(path.name) from None
        kept = [line.strip() for line in lines if line.strip()]
        texts.extend(kept)
        labels.extend([name] * len(kept))
    if not texts:
        raise DataError("empty_file", f"The files in {folder} have no lines of text.", filename=folder.name)
    return _to_examples(texts, labels, folder.name)


def read_parquet_columns(
    paths: list[Path], text_column: str | None, label_column: str | None, known_names: tuple[str, ...] = ()
) -> Examples:
    """Hub parquet shards of one split. Label names come from the file's own ``datasets`` metadata,
    else from ``known_names``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.concat_tables([pq.read_table(p) for p in paths])
    name = paths[0].name
    text_col = _pick_column(table.column_names, text_column, TEXT_COLUMNS, name, "text")
    label_col = _pick_column(table.column_names, label_column, LABEL_COLUMNS, name, "label")
    texts = table.column(text_col).to_pylist()
    labels = np.asarray(table.column(label_col).to_pylist())
    names = _class_label_names(table.schema, label_col) or list(known_names)
    keep = np.asarray([isinstance(t, str) and t.strip() != "" for t in texts]) & (
        labels >= 0
    )  # -1 = unlabelled
    texts = [t for t, k in zip(texts, keep) if k]
    labels = labels[keep].astype(np.int64)
    if not names:
        names = [str(i) for i in range(int(labels.max()) + 1 if len(labels) else 0)]
    return Examples(texts, labels, names)


def _class_label_names(schema, column: str) -> list[str]:
    """Names stored by ``datasets`` in the parquet schema (``{"info": {"features": ...}}``)."""
    try:
        meta = json.loads(schema.metadata[b"huggingface"])
        feature = meta["info"]["features"][column]
        return list(feature["names"]) if feature.get("_type") == "ClassLabel" else []
    except (KeyError, TypeError, ValueError):
        return []


def _read_frame(data: bytes, kind: str, filename: str):
    import pandas as pd

    try:
        if kind == "parquet":
            return pd.read_parquet(io.BytesIO(data))
        text = data.decode("utf-8-sig")
        if kind == "jsonl":
            return pd.read_json(io.StringIO(text), lines=True, dtype=False)
        return pd.read_csv(
            io.StringIO(text),
            sep="\t" if kind == "tsv" else ",",
            dtype=object,
            keep_default_na=False,
            na_values=[""],
        )
    except UnicodeDecodeError:
        raise _bad_encoding(filename) from None
    except Exception as error:  # noqa: BLE001 - pandas / pyarrow parser errors of many types
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DataError(
            "unreadable_file", f"{filename} could not be read: {reason}", filename=filename, reason=reason
        ) from None


def _pick_column(columns, wanted: str | None, candidates: tuple[str, ...], filename: str, role: str) -> str:
    columns = [str(c) for c in columns]
    if wanted:
        if wanted in columns:
            return wanted
    else:
        lower = {c.lower().strip(): c for c in columns}
        for candidate in candidates:
            if candidate in lower:
                return lower[candidate]
    missing = wanted or role
    raise DataError(
        "missing_columns",
        f"{filename} has no '{missing}' column (columns: {', '.join(columns) or 'none'}); "
        f"name the {role} column.",
        filename=filename,
        column=missing,
        available=", ".join(columns),
    )


def _to_examples(texts: list, raw_labels: list, source: str) -> Examples:
    """Drop rows without text, map labels (integers or names) to 0..k-1."""
    rows = [(str(t).strip(), lab) for t, lab in zip(texts, raw_labels) if _present(t) and str(t).strip()]
    for number, (_, label) in enumerate(rows, start=1):
        if not _present(label):
            raise DataError(
                "missing_label",
                f"{source}: example {number} has a text but no label.",
                filename=source,
                row=number,
            )
    if not rows:
        raise DataError("empty_file", f"{source} has no examples with text.", filename=source)
    values = [lab for _, lab in rows]
    as_ints = _as_ints(values)
    if as_ints is not None:
        unique = sorted(set(as_ints))
        names = [str(v) for v in unique]
        index = {v: i for i, v in enumerate(unique)}
        labels = np.asarray([index[v] for v in as_ints], np.int64)
    else:
        names = sorted({str(v).strip() for v in values})
        index = {v: i for i, v in enumerate(names)}
        labels = np.asarray([index[str(v).strip()] for v in values], np.int64)
    return Examples([t for t, _ in rows], labels, names)


def _as_ints(values: list) -> list[int] | None:
    """The labels as integers when every one is an integer (1, "1", 1.0), else None (names)."""
    out = []
    for v in values:
        try:
            number = float(str(v).strip())
        except ValueError:
            return None
        if not number.is_integer():
            return None
        out.append(int(number))
    return out


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and np.isnan(value):
        return False
    return str(value).strip() != ""


def _check_size(size: int, filename: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise DataError(
            "file_too_large",
            f"{filename} is {size / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB.",
            filename=filename,
            size_mb=round(size / 2**20, 1),
            limit_mb=round(max_bytes / 2**20),
        )


def _bad_encoding(filename: str) -> DataError:
    return DataError(
        "bad_encoding", f"{filename} is not UTF-8 text; save it as UTF-8 and try again.", filename=filename
    )
