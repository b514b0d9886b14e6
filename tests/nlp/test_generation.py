"""Generation with a tiny GPT-2 and a real byte-level BPE tokenizer: greedy writes the most likely
piece each step (the same as transformers' own greedy search), sampling follows its seed and stays
in the top-k, the attention is causal; non-generators are refused."""

import numpy as np
import pytest

from attnviz.nlp import generation
from attnviz.nlp.errors import NlpError


@pytest.fixture(scope="module")
def generator(tmp_path_factory):
    from tests.helpers.tiny_models import make_tiny_generator_dir

    folder = make_tiny_generator_dir(tmp_path_factory.mktemp("gpt2"))
    return generation.load_generator(folder, "tiny-gpt2")


def test_greedy_writes_what_transformers_greedy_search_writes(generator):
    found = generation.generate(generator, "the movie was", generation.Settings(steps=5))
    written = generator.tokenizer.convert_tokens_to_ids(found.tokens[found.prompt_length :])
    prompt = generator.tokenizer("the movie was", return_tensors="np")["input_ids"]
    reference = generator.model.generate(prompt, max_new_tokens=5, do_sample=False, pad_token_id=0)
    assert written == np.asarray(reference)[0, prompt.shape[1] :].tolist()
    assert all(step.token == step.candidates[0][0] for step in found.steps)
    layers, heads, length, _ = found.attention.shape
    assert (layers, heads, length) == (2, 4, found.prompt_length + 5)
    assert np.allclose(found.attention.sum(axis=-1), 1, atol=1e-5)
    assert np.allclose(np.triu(found.attention, 1), 0)  # causal: nothing after the piece


def test_sampling_follows_its_seed_and_stays_in_the_top_k(generator):
    settings = generation.Settings(steps=6, sample=True, temperature=1.5, top_k=3, seed=7)
    first = generation.generate(generator, "hello world", settings)
    again = generation.generate(generator, "hello world", settings)
    assert first.tokens == again.tokens  # the seed makes a sample reproducible (and a link too)
    logits = np.linspace(0, 1, 20)
    probs = generation.next_token_probabilities(logits, settings)
    assert (probs > 0).sum() == 3 and probs.sum() == pytest.approx(1.0)
    hotter = generation.next_token_probabilities(
        logits, generation.Settings(sample=True, temperature=2.0, top_k=0)
    )
    colder = generation.next_token_probabilities(
        logits, generation.Settings(sample=True, temperature=0.5, top_k=0)
    )
    assert hotter.max() < colder.max()  # a higher temperature flattens the distribution


def test_non_generators_and_empty_prompts_are_refused(generator, tiny_dir):
    with pytest.raises(NlpError) as caught:
        generation.load_generator(tiny_dir("bert"), "a classifier")
    assert caught.value.code == "not_a_generator"
    with pytest.raises(NlpError):
        generation.generate(generator, "", generation.Settings())
