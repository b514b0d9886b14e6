"""The tiny BERT pretrained live: its WordPiece vocabulary, BERT's masking, that it learns (beats the
unigram baseline, loss falls), and that the saved folder is a model the other pages load: the
fill-in page (a masked-language head) and the fine-tuning page (a classifier on top)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from attnviz.nlp import pretrain_job as pj
from attnviz.nlp import tiny_bert as tb

NAMES = ["ana", "luis", "marta", "pedro", "sofia", "juan", "elena", "diego"]
FOODS = ["bread", "rice", "soup", "fish", "cheese", "pasta", "salad", "fruit"]
PLACES = ["home", "school", "work", "church", "market", "garden"]


def corpus(count: int, seed: int = 0) -> list[str]:
    """Sentences with a structure a tiny model can learn in a few hundred steps: "eats" is always
    followed by a food, "at" by a place."""
    rng = np.random.default_rng(seed)
    return [
        f"{rng.choice(NAMES)} eats {rng.choice(FOODS)} at {rng.choice(PLACES)} every day ."
        for _ in range(count)
    ]


@pytest.fixture(scope="module")
def tokenizer():
    return tb.train_tokenizer(corpus(600), vocab_size=200)


def test_the_vocabulary_is_learnt_from_the_text_and_saved_in_the_hub_layout(tokenizer, tmp_path):
    from transformers import AutoTokenizer

    vocab = tokenizer.get_vocab()
    assert all(token in vocab for token in tb.SPECIALS)
    assert all(word in vocab for word in ("eats", "cheese", "market"))  # whole words of the text
    assert len(vocab) < 200
    tokenizer.save_pretrained(tmp_path)
    assert (tmp_path / "vocab.txt").is_file()
    again = AutoTokenizer.from_pretrained(tmp_path)
    assert again("ana eats soup")["input_ids"] == tokenizer("ana eats soup")["input_ids"]


def test_bert_masking(tokenizer):
    ids = tb.encode(tokenizer, corpus(400, seed=3))["input_ids"]
    inputs, labels = tb.mask_pieces(tokenizer, ids, np.random.default_rng(0))
    hidden = labels != tb.IGNORED
    real = ~np.isin(ids, [tokenizer.pad_token_id, tokenizer.cls_token_id, tokenizer.sep_token_id])
    assert not (hidden & ~real).any()  # [CLS], [SEP] and padding are never hidden
    assert hidden.any(axis=1).all()  # every text hides at least one piece
    assert 0.13 < hidden.sum() / real.sum() < 0.20
    assert np.array_equal(labels[hidden], ids[hidden]) and np.array_equal(inputs[~hidden], ids[~hidden])
    as_mask = (inputs[hidden] == tokenizer.mask_token_id).mean()
    kept = (inputs[hidden] == ids[hidden]).mean()
    assert 0.75 < as_mask < 0.85 and 0.05 < kept < 0.16


def test_clean_texts_refuses_too_little():
    with pytest.raises(tb.TextProblem) as problem:
        tb.clean_texts(["one line", "", "   "] * 10)
    assert problem.value.code == "too_few_texts" and problem.value.values["count"] == 10
    assert tb.clean_texts([f"  line   {i} \n" for i in range(300)])[0] == "line 0"


def test_a_tiny_bert_learns_to_fill_in_and_its_folder_is_a_model(tmp_path):
    """After at most a few hundred steps: loss falls, held-out accuracy beats always guessing the
    most frequent piece, and the probe's hidden food is guessed as a food."""
    from attnviz.nlp.fill_mask import fill_in, load_masked_lm
    from attnviz.nlp.loading import load_classifier

    texts = corpus(1200)
    job = pj.PretrainJob(tmp_path)
    job.prepare(texts, "Tiny BERT / test!", steps=300, config=tb.TinyBertConfig(hidden=64, intermediate=128))
    assert job.name == "tiny-bert-test"
    job.start()
    assert job.wait(timeout=240), "pretraining did not end in 240 s"
    progress = job.progress()
    assert progress.state == pj.DONE, progress.error
    losses = progress.losses
    assert np.mean(losses[-20:]) < 0.6 * np.mean(losses[:20])
    first, last = progress.checks[0], progress.checks[-1]
    assert first["step"] == 0 and last["step"] == 300
    assert last["accuracy"] > last["baseline"] + 0.1

    folder = tmp_path / "models" / "tiny-bert-test"
    record = pj.read_record(folder)
    assert record is not None and record["checks"][-1]["accuracy"] == last["accuracy"]
    assert set(record["checks"][-1]["patterns"]) == set(pj.PATTERNS)

    mlm = load_masked_lm(folder, "tiny-bert-test")  # the fill-in page's loader: it has the MLM head
    found = fill_in(mlm, "diego eats cheese at market every day .".split(), 2)
    assert found.candidates[0][0] in FOODS
    classifier = load_classifier(str(folder), num_labels=2)  # the fine-tuning page's loader
    assert classifier.model.config.num_labels == 2


def test_a_damaged_record_is_not_read(tmp_path):
    assert pj.read_record(tmp_path) is None
    (tmp_path / pj.RECORD).write_text("{not json")
    assert pj.read_record(tmp_path) is None
    (tmp_path / pj.RECORD).write_text(json.dumps({"checks": [{"step": "x"}], "probes": []}))
    assert pj.read_record(tmp_path) is None


def test_names_typed_by_a_visitor_stay_in_the_models_folder():
    assert pj.safe_name("../../etc/passwd") == "etc-passwd"
    assert pj.safe_name("  Mi BERT: reseñas ") == "mi-bert-rese-as"
    assert pj.safe_name("...") == "tiny-bert"


def test_texts_from_an_uploaded_file():
    assert tb.read_texts("reviews.txt", b"one\ntwo\r\nthree") == ["one", "two", "three"]
    csv = "label,review\n1,a very long review of a film\n0,another long review here\n"
    assert tb.read_texts("data.CSV", csv.encode()) == [
        "a very long review of a film",
        "another long review here",
    ]
    with pytest.raises(tb.TextProblem) as problem:
        tb.read_texts("x.txt", b"a" * (tb.MAX_FILE_BYTES + 1))
    assert problem.value.code == "file_too_big"
    with pytest.raises(tb.TextProblem):
        tb.read_texts("x.csv", b"")
