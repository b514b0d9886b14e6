"""One head's own Q, K, V from the model's weights: the playground's formula on them gives back the
model's attention (1e-5), on tiny models of each architecture and on the real MiniLM when present."""

import numpy as np
import pytest

from attnviz.nlp.errors import NlpError
from attnviz.nlp.inside import head_vectors, layer_states
from tests.helpers.shared_data import MINILM

TEXT = "the movie was good but the ending was awful"


@pytest.mark.parametrize("arch", ["distilbert", "bert", "roberta"])
def test_recomputed_weights_equal_the_models_own(tiny_loaded, arch):
    loaded, extract = tiny_loaded(arch)
    states = layer_states(loaded, TEXT)
    assert states.hidden.shape == (loaded.num_layers + 1, len(states.tokens), loaded.model.config.hidden_size)
    # the same attention as the page's extractor
    assert np.allclose(states.attentions, extract(TEXT).attentions, atol=1e-6)
    for layer in range(loaded.num_layers):
        for head in range(loaded.num_heads):
            vectors = head_vectors(loaded, states, layer, head)
            assert vectors.d_head == loaded.model.config.hidden_size // loaded.num_heads
            assert vectors.largest_difference() < 1e-5
            steps = vectors.steps()
            assert np.allclose(steps.weights.sum(axis=1), 1.0)
            assert steps.scale == pytest.approx(1 / np.sqrt(vectors.d_head))


def test_another_head_does_not_match(tiny_loaded):
    """The check can fail: the vectors of head 0 do not give head 1's weights."""
    loaded, _ = tiny_loaded("bert")
    states = layer_states(loaded, TEXT)
    first = head_vectors(loaded, states, 0, 0)
    assert np.abs(first.steps().weights - states.attentions[0, 1]).max() > 1e-3


def test_layers_and_heads_out_of_range_are_refused(tiny_loaded):
    loaded, _ = tiny_loaded("distilbert")
    states = layer_states(loaded, TEXT)
    with pytest.raises(NlpError) as error:
        head_vectors(loaded, states, loaded.num_layers, 0)
    assert error.value.code == "bad_layer"
    with pytest.raises(NlpError) as error:
        head_vectors(loaded, states, 0, loaded.num_heads)
    assert error.value.code == "bad_head"
    with pytest.raises(NlpError) as error:
        layer_states(loaded, "   ")
    assert error.value.code == "empty_text"


@pytest.mark.slow
@pytest.mark.skipif(
    not (MINILM / "model.safetensors").is_file(), reason="../shared/models/all-MiniLM-L6-v2 absent"
)
def test_the_real_checkpoint_heads_match():
    from attnviz.nlp.loading import load_classifier

    loaded = load_classifier(MINILM)
    states = layer_states(loaded, "The bank of the river was muddy, so I went to the bank for a loan.")
    worst = max(
        head_vectors(loaded, states, layer, head).largest_difference()
        for layer in range(loaded.num_layers)
        for head in range(loaded.num_heads)
    )
    assert worst < 1e-5
    assert head_vectors(loaded, states, 0, 0).d_head == 32


def test_any_kind_of_attention_from_query_and_key_states():
    """Causal self-attention and cross-attention (queries from one sequence, keys and values from
    another) through the same projections: the mask and the shapes follow the kind."""
    from attnviz.core.masks import build_mask
    from attnviz.nlp.inside import Projection, head_vectors_from

    rng = np.random.default_rng(0)
    hidden, heads = 8, 2
    projections = tuple(
        Projection(rng.normal(size=(hidden, hidden)), rng.normal(size=hidden)) for _ in range(3)
    )
    decoder, encoder = rng.normal(size=(4, hidden)), rng.normal(size=(6, hidden))
    causal = build_mask("causal", 4, 4)
    vectors = head_vectors_from(
        decoder,
        decoder,
        projections,
        heads,
        layer=0,
        head=1,
        query_tokens=list("abcd"),
        key_tokens=list("abcd"),
        allowed=causal,
        model_weights=np.zeros((4, 4)),
        kind="causal",
    )
    weights = vectors.steps().weights
    assert np.allclose(np.triu(weights, 1), 0) and np.allclose(weights.sum(axis=1), 1)
    assert weights[0, 0] == pytest.approx(1.0)  # the first word sees only itself
    cross = head_vectors_from(
        decoder,
        encoder,
        projections,
        heads,
        layer=0,
        head=0,
        query_tokens=list("abcd"),
        key_tokens=list("uvwxyz"),
        allowed=np.ones((4, 6), bool),
        model_weights=np.zeros((4, 6)),
        kind="cross",
    )
    assert cross.q.shape == (4, hidden // heads) and cross.k.shape == (6, hidden // heads)
    assert cross.steps().weights.shape == (4, 6)
    with pytest.raises(ValueError):
        head_vectors_from(
            decoder,
            decoder,
            projections,
            heads,
            layer=0,
            head=0,
            query_tokens=[],
            key_tokens=[],
            allowed=causal,
            model_weights=causal,
            kind="sideways",
        )
