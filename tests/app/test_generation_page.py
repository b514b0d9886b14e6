"""The generation page through AppTest: offline with nothing on disk it says so; a local GPT folder
is preselected, writes one piece or six more, samples with a seed that the link keeps, and shows
the newest piece's attention and the causal matrix with its empty upper triangle."""

import shutil

import numpy as np
import pytest

from tests.app.apptest_helpers import chart, open_page, plotly_array, texts, title, tr, tr_pattern

PAGE = "app_pages/generation.py"


@pytest.fixture(scope="module")
def gpt_dir(tmp_path_factory):
    from tests.helpers.tiny_models import make_tiny_generator_dir

    return make_tiny_generator_dir(tmp_path_factory.mktemp("gpt"), name="tiny-gpt2")


def test_offline_with_nothing_on_disk_says_so(home):
    at = open_page(PAGE)
    assert not at.exception and at.title[0].value == tr("generation.title")
    assert [e for e in at.error if tr_pattern("nlp.error.hub_unreachable").search(e.value)]
    assert at.text_input(key="gen.prompt").value == "The teacher opened the book and"


def test_a_local_generator_writes_step_by_step_with_causal_attention(home, gpt_dir):
    shutil.copytree(gpt_dir, home / "models" / "tiny-gpt2")
    at = open_page(PAGE, timeout=120)
    assert not at.exception and not at.error
    assert at.selectbox(key="gen.model.choice").value == "tiny-gpt2"
    steps = next(d.value for d in at.dataframe)
    assert len(steps) == 6  # the default: six pieces
    at.button(key="gen.one").click().run()
    assert len(next(d.value for d in at.dataframe)) == 7 and at.query_params["steps"] == "7"
    causal = plotly_array(chart(at, "gen.causal")["data"][-1]["z"]).astype(float)
    upper = np.triu(np.ones_like(causal, dtype=bool), 1)
    assert np.isnan(causal[upper]).all() and not np.isnan(causal[~upper]).any()
    assert tr("generation.causal_why") in texts(at)
    newest = plotly_array(chart(at, "gen.newest")["data"][0]["z"]).astype(float)
    assert np.allclose(newest.sum(axis=1), 1, atol=1e-2)  # every head's row over the pieces before
    at.button(key="gen.reset").click().run()
    assert not at.dataframe and not at.exception  # nothing written: no table


def test_sampling_is_kept_in_the_link(home, gpt_dir):
    shutil.copytree(gpt_dir, home / "models" / "tiny-gpt2")
    query = {"prompt": "hello world", "steps": "4", "mode": "sample", "temp": "1.5", "topk": "3", "seed": "5"}
    first = open_page(PAGE, query=query, timeout=120)
    second = open_page(PAGE, query=query, timeout=120)
    assert not first.exception and first.segmented_control(key="gen.mode").value == "sample"
    table = lambda at: next(d.value for d in at.dataframe).iloc[:, 1].tolist()  # noqa: E731
    assert table(first) == table(second)  # the same link writes the same sample
    bad = open_page(PAGE, query={"temp": "99", "steps": "1000", "mode": "x"}, timeout=120)
    assert not bad.exception
    assert tr_pattern("generation.link_unreadable").search(texts(bad))
    assert title(chart(first, "gen.causal")) == tr("generation.causal_chart", layer=2)
