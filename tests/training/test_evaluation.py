"""Evaluation metrics against values computed by hand."""

import numpy as np
import pytest

from attnviz.nlp.training.evaluation import metrics_from_probabilities


def test_binary_metrics_by_hand():
    labels = [0, 0, 0, 1, 1]
    probs = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.4, 0.6], [0.6, 0.4]]
    result = metrics_from_probabilities(labels, probs, ["neg", "pos"], ["a", "b", "c", "d", "e"])
    assert result["accuracy"] == pytest.approx(3 / 5)
    assert result["confusion"] == [[2, 1], [1, 1]]
    neg, pos = result["per_class"]
    assert (neg["precision"], neg["recall"], neg["support"]) == (
        pytest.approx(2 / 3),
        pytest.approx(2 / 3),
        3,
    )
    assert (pos["precision"], pos["recall"], pos["f1"]) == (
        pytest.approx(0.5),
        pytest.approx(0.5),
        pytest.approx(0.5),
    )
    assert result["macro_f1"] == pytest.approx((2 / 3 + 0.5) / 2)
    expected_loss = -np.mean(np.log([0.9, 0.8, 0.3, 0.6, 0.4]))
    assert result["loss"] == pytest.approx(expected_loss)
    # mistakes first, the most confident one first ("c": 0.7 sure of "pos"), then "e" (0.6 of "neg")
    assert [e["text"] for e in result["examples"]] == ["c", "e", "d", "b", "a"]
    assert result["examples"][0] == {
        "text": "c",
        "label": "neg",
        "predicted": "pos",
        "probability": pytest.approx(0.7),
        "true_probability": pytest.approx(0.3),
        "correct": False,
    }


def test_a_class_never_predicted_has_zero_precision():
    result = metrics_from_probabilities([0, 1, 2], np.eye(3)[[0, 0, 0]], ["a", "b", "c"])
    assert [row["precision"] for row in result["per_class"]] == [pytest.approx(1 / 3), 0.0, 0.0]
    assert [row["recall"] for row in result["per_class"]] == [1.0, 0.0, 0.0]
    assert result["confusion"] == [[1, 0, 0], [1, 0, 0], [1, 0, 0]]


def test_shape_mismatch_is_an_error():
    with pytest.raises(ValueError):
        metrics_from_probabilities([0, 1], [[1.0, 0.0]], ["a", "b"])
