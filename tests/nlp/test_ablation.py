"""Head ablation on tiny real TF models: switching a head off removes exactly that head's term from
its layer's attention output (checked against the numpy reference), leaves everything before it
alone, matches zeroing the kernel rows on a copy of the weights, and never changes the shared model."""

import numpy as np
import pytest

from attnviz.core.head_ablation import ablate_heads, head_contributions, zero_head_rows
from attnviz.nlp.ablation import HeadAblator, head_gates, output_projections
from tests.helpers.tiny_models import TINY_HEADS, TINY_LAYERS

TEXT = "the movie was good , the actors were great !"
ARCHS = ["distilbert", "bert", "roberta"]


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """Per architecture: (loaded, extractor, ablator), models of this module's own (the ablator
    wraps the output projections, so the session-wide tiny models stay as they were)."""
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.loading import load_classifier
    from tests.helpers.tiny_models import make_tiny_classifier_dir

    root = tmp_path_factory.mktemp("ablation-models")
    made = {}

    def get(arch):
        if arch not in made:
            loaded = load_classifier(make_tiny_classifier_dir(root, arch, seed=3))
            extractor = AttentionExtractor(loaded)
            made[arch] = (loaded, extractor, HeadAblator(loaded))
        return made[arch]

    return get


def test_gates():
    gates = head_gates([(1, 2), (0, 0), (1, 2)], 2, 4)
    assert gates.dtype == np.float32 and gates.shape == (2, 4)
    assert gates.sum() == 6 and gates[1, 2] == 0 and gates[0, 0] == 0
    with pytest.raises(ValueError):
        head_gates([(2, 0)], 2, 4)


@pytest.mark.parametrize("arch", ARCHS)
def test_nothing_off_is_the_model_itself(models, arch):
    _, extract, ablate = models(arch)
    out = extract(TEXT)
    result = ablate(out.token_ids, [], out.sequence_ids)
    np.testing.assert_allclose(result.probabilities, out.probabilities, atol=1e-6)
    np.testing.assert_allclose(result.attentions, out.attentions, atol=1e-6)
    assert result.label == out.label and result.heads_off == ()


@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize("layer,head", [(0, 1), (1, 3)])
def test_one_head_off_removes_exactly_its_contribution(models, arch, layer, head):
    _, extract, ablate = models(arch)
    out = extract(TEXT)
    full = ablate.projection_trace(out.token_ids, [], out.sequence_ids)
    cut = ablate.projection_trace(out.token_ids, [(layer, head)], out.sequence_ids)
    assert [p.layer for p in full] == list(range(TINY_LAYERS))
    for before, after in zip(full[:layer], cut[:layer]):  # layers below: untouched
        np.testing.assert_allclose(after.output, before.output, atol=1e-6)
    mine, ref = cut[layer], full[layer]
    # the heads' contexts arrive unchanged (the gate acts inside the projection) ...
    np.testing.assert_allclose(mine.context, ref.context, atol=1e-6)
    np.testing.assert_allclose(ref.output, ref.context @ ref.kernel + ref.bias, atol=1e-5)
    # ... and the output loses exactly head h's term: the numpy reference, and full - contribution
    np.testing.assert_allclose(
        mine.output, ablate_heads(ref.context, ref.kernel, ref.bias, [head], n_heads=TINY_HEADS), atol=1e-5
    )
    parts = head_contributions(ref.context, ref.kernel, n_heads=TINY_HEADS)
    assert np.abs(parts[head]).max() > 1e-3
    np.testing.assert_allclose(ref.output - mine.output, parts[head], atol=1e-5)
    others = [k for k in range(TINY_HEADS) if k != head]
    np.testing.assert_allclose(mine.output - ref.bias, parts[others].sum(axis=0), atol=1e-5)
    # attention up to and including the layer is the same; the layer above sees a different input
    result = ablate(out.token_ids, [(layer, head)], out.sequence_ids)
    np.testing.assert_allclose(result.attentions[: layer + 1], out.attentions[: layer + 1], atol=1e-6)
    if layer + 1 < TINY_LAYERS:
        assert np.abs(result.attentions[layer + 1] - out.attentions[layer + 1]).max() > 1e-6
    assert not np.allclose(result.logits, out.logits, atol=1e-6)


@pytest.mark.parametrize("arch", ["distilbert", "bert"])
def test_same_as_zeroing_kernel_rows_on_a_copy_of_the_weights(models, tmp_path, arch):
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.loading import load_classifier

    loaded, extract, ablate = models(arch)
    heads = [(0, 0), (0, 2), (1, 1)]
    out = extract(TEXT)
    result = ablate(out.token_ids, heads, out.sequence_ids)
    copy = load_classifier(loaded.folder)  # a second copy of the weights
    for layer, dense in enumerate(output_projections(copy.model)):
        off = [h for at_layer, h in heads if at_layer == layer]
        dense.kernel.assign(zero_head_rows(dense.kernel.numpy(), off, n_heads=TINY_HEADS))
    expected = AttentionExtractor(copy)(TEXT)
    np.testing.assert_allclose(result.logits, expected.logits, atol=1e-5)
    np.testing.assert_allclose(result.attentions, expected.attentions, atol=1e-5)


def test_shared_model_and_extractor_unchanged(models):
    loaded, extract, ablate = models("distilbert")
    kernels = [d.kernel.numpy().copy() for d in output_projections(loaded.model)]
    before = extract(TEXT)
    every_head = [(layer, head) for layer in range(TINY_LAYERS) for head in range(TINY_HEADS)]
    silenced = ablate(before.token_ids, every_head)
    after = extract(TEXT)
    np.testing.assert_array_equal(after.attentions, before.attentions)
    np.testing.assert_array_equal(after.logits, before.logits)
    for kernel, dense in zip(kernels, output_projections(loaded.model)):
        np.testing.assert_array_equal(dense.kernel.numpy(), kernel)
    assert not np.allclose(silenced.logits, before.logits)
    # a second ablator on the same model wraps nothing twice and agrees
    again = HeadAblator(loaded)
    np.testing.assert_allclose(again(before.token_ids, every_head).logits, silenced.logits, atol=1e-6)


def test_compiled_once_whatever_the_length_or_heads(models):
    _, extract, ablate = models("bert")
    for words, heads in ((1, []), (5, [(0, 1)]), (20, [(1, 0), (1, 3)]), (3, [(0, 0)])):
        out = extract(" ".join(["good"] * words))
        ablate(out.token_ids, heads, out.sequence_ids)
    assert ablate.tracing_count == 1


def test_bad_heads_raise(models):
    _, extract, ablate = models("distilbert")
    out = extract(TEXT)
    with pytest.raises(ValueError):
        ablate(out.token_ids, [(0, TINY_HEADS)])
