"""Fill-in with tiny masked-language models of each architecture: the hidden word becomes one mask
token, the guesses are a distribution, the [MASK] row of attention sums to 1; classifiers (no
fill-in head) are refused."""

import numpy as np
import pytest

from attnviz.nlp import fill_mask
from attnviz.nlp.errors import NlpError


@pytest.mark.parametrize("arch", ["distilbert", "bert", "roberta"])
def test_a_hidden_word_is_guessed_and_its_attention_read(tmp_path, arch, tiny_dir):
    from tests.helpers.tiny_models import make_tiny_mlm_dir

    mlm = fill_mask.load_masked_lm(make_tiny_mlm_dir(tmp_path, arch), arch)
    found = fill_mask.fill_in(mlm, "the movie was really good".split(), 3, top=5)
    assert found.tokens[found.mask_position] == mlm.tokenizer.mask_token
    assert found.tokens.count(mlm.tokenizer.mask_token) == 1  # one mask for the whole word
    probs = [p for _, p in found.candidates]
    assert len(probs) == 5 and probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1
    assert found.attention.shape == (2, 4, len(found.tokens))
    assert np.allclose(found.attention.sum(axis=-1), 1, atol=1e-5)
    with pytest.raises(NlpError) as caught:
        fill_mask.load_masked_lm(tiny_dir(arch), "a classifier")
    assert caught.value.code == "no_mlm_head"


def test_bad_words_and_texts_are_sentences(tmp_path):
    from tests.helpers.tiny_models import make_tiny_mlm_dir

    mlm = fill_mask.load_masked_lm(make_tiny_mlm_dir(tmp_path), "tiny")
    for bad in ("", "   ", " ".join(["word"] * (fill_mask.MAX_WORDS + 1))):
        with pytest.raises(NlpError):
            fill_mask.split_words(bad)
    with pytest.raises(NlpError) as caught:
        fill_mask.fill_in(mlm, ["good"], 3)
    assert caught.value.code == "bad_word"
