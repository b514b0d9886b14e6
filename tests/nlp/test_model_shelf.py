"""One memory budget for every model the server holds: the least recently used go first, a model
too big even alone is refused with the numbers, the translation page's one-translator rule."""

import pytest

from attnviz.nlp.errors import NlpError
from attnviz.nlp.model_shelf import ModelShelf, weights_mb


def _shelf(budget_mb: float) -> ModelShelf:
    return ModelShelf(budget_mb=lambda: budget_mb, base_mb=100)


def test_least_recently_used_models_make_room():
    shelf = _shelf(1100)  # 1000 MB for models; loading needs twice the weights
    loads = []

    def load(name):
        loads.append(name)
        return f"model {name}"

    assert shelf.get("a", lambda: load("a"), name="a", size_mb=200) == ("model a", [])
    assert shelf.get("b", lambda: load("b"), name="b", size_mb=200) == ("model b", [])
    assert shelf.get("a", lambda: load("again"), name="a", size_mb=200) == ("model a", [])  # held: no load
    value, evicted = shelf.get("c", lambda: load("c"), name="c", size_mb=300)  # 400 held + 600 to load
    assert value == "model c" and evicted == []
    value, evicted = shelf.get("d", lambda: load("d"), name="d", size_mb=300)
    assert evicted == ["b", "a"]  # b was used least recently (a was asked for again)
    assert [name for name, _ in shelf.held()] == ["c", "d"] and loads == ["a", "b", "c", "d"]


def test_a_model_too_big_even_alone_is_refused_with_the_numbers():
    shelf = _shelf(600)
    with pytest.raises(NlpError) as caught:
        shelf.get("big", lambda: pytest.fail("not loaded"), name="big", size_mb=400)
    assert caught.value.code == "over_memory_budget"
    assert caught.value.details == {"need": "800", "used": "100", "budget": "600"}


def test_one_kind_at_a_time_and_sizes_from_the_weights(tmp_path):
    shelf = _shelf(10_000)
    shelf.get(("translator", "x"), lambda: "x", name="x", size_mb=1)
    shelf.get(("bundle", "y"), lambda: "y", name="y", size_mb=1)
    shelf.drop_kind("translator", keep=("translator", "z"))
    assert [name for name, _ in shelf.held()] == ["y"]
    (tmp_path / "tf_model.h5").write_bytes(b"0" * 2**20)
    assert weights_mb(tmp_path) == pytest.approx(1.0) and weights_mb(tmp_path / "none") == 0
