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


# --- the induction head experiment (a tiny GPT-2 trained here) -----------------------------------


def test_the_induction_experiment_offers_training_when_nothing_is_trained(home):
    at = open_page(PAGE)
    assert not at.exception
    assert tr("induction.title") in [h.value for h in at.header]
    assert at.button(key="gen.ind.train").label == tr("induction.train")
    assert not at.button(key="gen.ind.train").disabled
    assert not at.get("plotly_chart")


def test_a_trained_run_shows_the_losses_the_scores_and_the_probe_attention(home):
    from attnviz.nlp.induction_job import InductionJob

    job = InductionJob(home, steps=60)
    job.start()
    assert job.wait(240) and job.progress().state == "done", job.progress().error
    at = open_page(PAGE, timeout=120)
    assert not at.exception
    assert at.button(key="gen.ind.train").label == tr("induction.train_again")
    losses = chart(at, "gen.ind.losses")
    assert title(losses) == tr("induction.losses_title")
    assert [trace["name"] for trace in losses["data"]] == [tr("induction.first_half"), tr("induction.repeat")]
    assert len(chart(at, "gen.ind.scores")["data"]) == 4  # 2 layers x 2 heads
    slider = at.select_slider(key="gen.ind.step")
    assert slider.options == ["0", "50", "60"] and slider.value == 60
    attention = plotly_array(chart(at, "gen.ind.attention")["data"][-1]["z"]).astype(float)
    size = attention.shape[0]
    assert attention.shape == (size, size) and size < induction_length()  # the padding is cut
    assert np.allclose(attention.sum(axis=1), 1, atol=1e-2)
    assert np.allclose(attention[np.triu(np.ones_like(attention, dtype=bool), 1)], 0, atol=1e-3)  # causal
    assert tr_pattern("induction.stripe_about").search(texts(at))
    slider.set_value(0).run()
    layer, head = at.selectbox(key="gen.ind.head").value  # the best head at the end, chosen first
    assert title(chart(at, "gen.ind.attention")) == tr(
        "induction.attention_title", layer=layer + 1, head=head + 1, step=0
    )
    assert title(chart(at, "gen.ind.grid")) == tr("induction.grid_title", step=0)
    assert title(chart(at, "gen.ind.previous")) == tr("induction.previous_title", step=0)
    at.selectbox(key="gen.ind.head").set_value((0, 1)).run()
    assert not at.exception
    assert title(chart(at, "gen.ind.attention")) == tr("induction.attention_title", layer=1, head=2, step=0)


def test_a_damaged_induction_run_says_so_and_offers_training(home):
    folder = home / "pretraining" / "induction"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"model_type": "gpt2"}')
    (folder / "snapshots.npz").write_bytes(b"not a zip")
    at = open_page(PAGE, timeout=120)
    assert not at.exception
    assert [e for e in at.error if e.value == tr("induction.damaged")]
    assert at.button(key="gen.ind.train").label == tr("induction.train_again")


def induction_length() -> int:
    from attnviz.nlp.induction import InductionConfig

    return InductionConfig().length
