"""Data from files, uploads, per-class folders and Hub-style parquet folders, as real DatasetDicts;
stratified seeded splits; and the errors a user can cause, each with its code."""

import json

import numpy as np
import pandas as pd
import pytest

from attnviz.nlp.data import SplitSizes, class_counts, label_names, load_data, load_upload
from attnviz.nlp.errors import DataError
from attnviz.nlp.splits import stratified_split
from tests.helpers.shared_data import RT_POLARITY


def frame(n=40, labels=("neg", "pos")):
    return pd.DataFrame(
        {
            "id": range(n),
            "text": [f"review number {i} was {labels[i % len(labels)]}" for i in range(n)],
            "label": [labels[i % len(labels)] for i in range(n)],
            "stars": [i % 5 for i in range(n)],
        }
    )


def check(data, total, names):
    import datasets

    assert isinstance(data, datasets.DatasetDict) and list(data) == ["train", "validation", "test"]
    assert sum(split.num_rows for split in data.values()) == total
    assert label_names(data) == names
    for split in data.values():
        assert split.column_names == ["text", "label"]
        assert isinstance(split.features["label"], datasets.ClassLabel)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_table_files_with_named_labels_and_extra_columns(tmp_path, suffix):
    path = tmp_path / f"reviews{suffix}"
    table = frame()
    if suffix == ".csv":
        table.to_csv(path, index=False)
    elif suffix == ".tsv":
        table.to_csv(path, index=False, sep="\t")
    elif suffix == ".jsonl":
        table.to_json(path, orient="records", lines=True)
    else:
        table.to_parquet(path)
    data = load_data(path, seed=0)
    check(data, 40, ["neg", "pos"])
    assert data["test"].num_rows == 4 and class_counts(data["test"]) == {"neg": 2, "pos": 2}


def test_integer_labels_and_custom_columns(tmp_path):
    path = tmp_path / "x.csv"
    pd.DataFrame({"frase": ["hola", "adiós", "bien", "mal"] * 5, "y": [1, 0, 1, 0] * 5}).to_csv(
        path, index=False
    )
    data = load_data(path, text_column="frase", label_column="y", sizes=SplitSizes(validation=2, test=2))
    check(data, 20, ["0", "1"])
    assert {r["text"]: r["label"] for r in data["train"]}["hola"] == 1


def test_upload_bytes(tmp_path):
    content = frame(30, ("joy", "sadness", "fear")).to_csv(index=False).encode("utf-8")
    data = load_upload(content, "mine.csv", sizes=SplitSizes(validation=3, test=3), seed=1)
    check(data, 30, ["fear", "joy", "sadness"])
    assert class_counts(data["test"]) == {"fear": 1, "joy": 1, "sadness": 1}


def test_class_folder_layout(tmp_path):
    (tmp_path / "reviews.pos").write_text("great fun \n\n  loved it\nsuperb\nwonderful\n", encoding="utf-8")
    (tmp_path / "reviews.neg").write_text("awful\nboring \ndull\nterrible\n", encoding="utf-8")
    (tmp_path / "neutral.txt").write_text("fine\nok\nmeh\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# not data\nthis line is not an example\n")
    data = load_data(tmp_path, sizes=SplitSizes(validation=0, test=0))
    check(data, 11, ["neg", "neutral", "pos"])
    assert "loved it" in data["train"]["text"] and "great fun" in data["train"]["text"]
    assert not any("#" in t for t in data["train"]["text"])


@pytest.mark.skipif(not RT_POLARITY.is_dir(), reason="../shared/data/rt-polarity absent")
def test_real_rt_polarity_folder():
    data = load_data(RT_POLARITY, sizes=SplitSizes(train=1000, validation=100, test=100), seed=7)
    check(data, 1200, ["neg", "pos"])
    assert class_counts(data["train"]) == {"neg": 500, "pos": 500}
    assert all(t == t.strip() and t for t in data["train"]["text"])
    full = load_data(RT_POLARITY, sizes=SplitSizes(validation=0, test=0))
    assert class_counts(full["train"]) == {"neg": 5331, "pos": 5331}


def test_hub_style_parquet_folder(tmp_path):
    import datasets

    features = datasets.Features(
        {"sentence": datasets.Value("string"), "label": datasets.ClassLabel(names=["negative", "positive"])}
    )
    unlabelled = datasets.Features({"sentence": datasets.Value("string"), "label": datasets.Value("int64")})
    (tmp_path / "data").mkdir()
    for split, n, label in (("train", 30, None), ("validation", 10, None), ("test", 6, -1)):
        rows = {
            "sentence": [f"s{i}" for i in range(n)],
            "label": [label if label is not None else i % 2 for i in range(n)],
        }
        # like sst2's test split: no labels (-1), so a plain integer column
        split_features = unlabelled if label == -1 else features
        target = tmp_path / "data" / f"{split}-0.parquet"
        datasets.Dataset.from_dict(rows, features=split_features).to_parquet(str(target))
    data = load_data(tmp_path, sizes=SplitSizes(validation=4, test=0.2), seed=0)
    assert label_names(data) == ["negative", "positive"]
    # validation comes from the folder's own validation split; test (unlabelled) is carved from train
    assert data["validation"].num_rows == 4 and set(data["validation"]["text"]) <= {
        f"s{i}" for i in range(10)
    }
    assert data["test"].num_rows == 6 and data["train"].num_rows == 24


def test_split_is_stratified_seeded_and_disjoint():
    labels = np.array([0] * 60 + [1] * 30 + [2] * 10)
    split = stratified_split(labels, {"test": 20, "validation": 10, "train": None}, seed=5)
    assert sum(len(v) for v in split.values()) == 100
    assert len(set(np.concatenate(list(split.values())))) == 100
    assert np.bincount(labels[split["test"]]).tolist() == [12, 6, 2]
    assert np.bincount(labels[split["validation"]]).tolist() == [6, 3, 1]
    again = stratified_split(labels, {"test": 20, "validation": 10, "train": None}, seed=5)
    assert all(np.array_equal(split[k], again[k]) for k in split)
    other = stratified_split(labels, {"test": 20, "validation": 10, "train": None}, seed=6)
    assert not np.array_equal(split["test"], other["test"])
    assert not np.array_equal(np.sort(split["train"]), split["train"])  # shuffled, not grouped by class


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("empty.csv", b"", "empty_file"),
        ("header_only.csv", b"text,label\n", "empty_file"),
        ("no_label.csv", b"text,stars\nhello,1\nbye,2\n", "missing_columns"),
        ("one_class.csv", b"text,label\nhello,pos\nbye,pos\n", "one_class"),
        ("latin1.csv", "text,label\npel\u00edcula mala,neg\nbuena,pos\n".encode("latin-1"), "bad_encoding"),
        ("gap.csv", b"text,label\nhello,pos\nbye,\nworld,neg\n", "missing_label"),
        ("data.xlsx", b"PK\x03\x04", "unknown_format"),
        ("broken.parquet", b"not parquet at all", "unreadable_file"),
    ],
)
def test_user_errors_have_codes(name, content, code):
    with pytest.raises(DataError) as caught:
        load_upload(content, name)
    assert caught.value.code == code
    assert name in str(caught.value) or caught.value.details.get("filename") == name


def test_file_too_large(tmp_path):
    path = tmp_path / "big.csv"
    frame(200).to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        load_data(path, max_bytes=1000)
    assert caught.value.code == "file_too_large" and caught.value.details["limit_mb"] == 0


def test_missing_file_or_folder(tmp_path):
    with pytest.raises(DataError) as caught:
        load_data(tmp_path / "nothing.csv")
    assert caught.value.code == "data_not_found"


def test_missing_column_message_lists_the_columns():
    with pytest.raises(DataError) as caught:
        load_upload(json.dumps({"review": "x", "stars": 1}).encode(), "a.jsonl", label_column="sentiment")
    assert caught.value.details["available"] == "review, stars"
