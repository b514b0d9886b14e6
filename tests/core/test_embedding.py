"""Tokenisation, embedding lookup and cosine similarity."""

import math

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from attnviz.core.embedding import (
    MAX_TOKENS,
    EmbeddingTable,
    cosine_similarity,
    embed,
    embed_sentence,
    first_repeated_pair,
    random_table,
    simple_tokenize,
    token_vector,
)


def test_simple_tokenize_lowercases_and_splits_punctuation():
    assert simple_tokenize("El Gato, el perro.") == ["el", "gato", ",", "el", "perro", "."]
    assert simple_tokenize("  ¿Qué   tal?  ") == ["¿", "qué", "tal", "?"]
    assert simple_tokenize("") == [] and simple_tokenize("   \n ") == []


def test_table_from_mapping_and_lookup():
    table = EmbeddingTable.from_mapping(
        {"a": [1, 0], "b": [0, 2], "[UNK]": [9, 9]}, unk_token="[UNK]", name="toy"
    )
    lookup = embed(["b", "a", "zzz"], table)
    np.testing.assert_array_equal(lookup.ids, [1, 0, 2])
    np.testing.assert_array_equal(lookup.vectors, [[0, 2], [1, 0], [9, 9]])
    assert not lookup.unknown.any()
    assert table.dim == 2 and len(table) == 3 and table.name == "toy"


def test_missing_token_without_unk_is_a_flagged_zero_vector():
    table = EmbeddingTable.from_mapping({"a": [1.0, 2.0]})
    lookup = embed(["a", "b"], table)
    np.testing.assert_array_equal(lookup.ids, [0, -1])
    np.testing.assert_array_equal(lookup.unknown, [False, True])
    np.testing.assert_array_equal(lookup.vectors[1], [0, 0])


def test_bad_tables_raise():
    with pytest.raises(ValueError):
        EmbeddingTable.from_mapping({})
    with pytest.raises(ValueError):
        EmbeddingTable.from_mapping({"a": [1, 2], "b": [1, 2, 3]})
    with pytest.raises(ValueError):
        EmbeddingTable(("a", "b"), np.zeros((3, 2)))
    with pytest.raises(ValueError):
        random_table(["a"], 0)


def test_cosine_by_hand():
    sim = cosine_similarity(np.array([[1.0, 0.0], [1.0, 1.0], [-2.0, 0.0], [0.0, 0.0]]))
    assert sim[0, 1] == pytest.approx(1 / math.sqrt(2))
    assert sim[0, 2] == pytest.approx(-1.0)
    assert sim[0, 3] == 0.0 and sim[3, 3] == 0.0  # a zero vector is unrelated to everything
    # 3-4-5: cos([3, 4], [4, 3]) = 24 / 25
    assert cosine_similarity([3.0, 4.0], [4.0, 3.0])[0, 0] == pytest.approx(0.96)


def test_random_table_is_seeded_and_independent_of_the_sentence():
    one = embed_sentence("el gato come", dim=6, seed=3)
    two = embed_sentence("un perro y el gato", dim=6, seed=3)
    other_seed = embed_sentence("el gato come", dim=6, seed=4)
    gato_1 = one.lookup.vectors[one.lookup.tokens.index("gato")]
    gato_2 = two.lookup.vectors[two.lookup.tokens.index("gato")]
    np.testing.assert_array_equal(gato_1, gato_2)
    np.testing.assert_array_equal(gato_1, token_vector("gato", 6, 3))
    assert not np.allclose(gato_1, other_seed.lookup.vectors[1])


def test_repeated_words_get_identical_vectors_and_similarity_one():
    result = embed_sentence("el gato y el perro", dim=8, seed=0)
    assert result.problem is None
    assert len(result.table) == 4  # el, gato, y, perro
    np.testing.assert_array_equal(result.lookup.ids, [0, 1, 2, 0, 3])
    assert result.similarity[0, 3] == pytest.approx(1.0)
    assert first_repeated_pair(result.lookup.tokens) == (0, 3)
    assert first_repeated_pair(["a", "b"]) is None


def test_empty_and_long_sentences():
    assert embed_sentence("   ").problem == "empty"
    long = embed_sentence(" ".join(f"w{i}" for i in range(40)))
    assert long.problem is None and long.truncated
    assert len(long.tokens) == 40 and len(long.lookup.tokens) == MAX_TOKENS
    assert long.similarity.shape == (MAX_TOKENS, MAX_TOKENS)


def test_a_given_table_and_tokenizer_are_used():
    """The seam for a real model's table: any vocab -> vector table plus its tokenizer."""
    table = EmbeddingTable.from_mapping(
        {"[UNK]": [0, 0, 1], "hola": [1, 0, 0], "mundo": [0, 1, 0]}, unk_token="[UNK]", name="tiny"
    )
    result = embed_sentence("HOLA|mundo|raro", table=table, tokenize=lambda s: s.lower().split("|"))
    assert result.table is table
    np.testing.assert_array_equal(result.lookup.ids, [1, 2, 0])
    np.testing.assert_allclose(result.similarity, np.eye(3))


vectors = arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(1, 8)),
    elements=st.floats(-1e3, 1e3, allow_nan=False),
)


@settings(max_examples=80, deadline=None)
@given(vectors)
def test_cosine_properties(x):
    sim = cosine_similarity(x)
    assert np.all(sim <= 1.0) and np.all(sim >= -1.0)
    np.testing.assert_allclose(sim, sim.T, atol=1e-12)
    nonzero = np.linalg.norm(x, axis=1) > 1e-100
    np.testing.assert_allclose(np.diag(sim)[nonzero], 1.0, atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(vectors, st.floats(0.01, 100))
@example(np.array([[1.4547793e-162]]), 2.0)  # its square underflowed to 0 before rows were rescaled
@example(np.array([[5e-324]]), 0.5)  # becomes exactly 0: skipped (see the assume below)
def test_cosine_ignores_positive_scaling(x, factor):
    scaled = x * factor
    # a subnormal row (5e-324) times 0.5 becomes exactly zero: another vector, not a scaled one
    assume(np.array_equal(np.any(scaled != 0, axis=1), np.any(x != 0, axis=1)))
    np.testing.assert_allclose(cosine_similarity(scaled), cosine_similarity(x), atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60), st.integers(1, 16), st.integers(0, 9999))
def test_any_text_never_raises(text, dim, seed):
    result = embed_sentence(text, dim=dim, seed=seed)
    if result.problem is None:
        n = len(result.lookup.tokens)
        assert result.lookup.vectors.shape == (n, dim)
        assert result.similarity.shape == (n, n)
    else:
        assert result.problem == "empty" and not simple_tokenize(text)
