"""The pretraining page through AppTest: offline with nothing on disk it says so and keeps the
sentence; a local masked-language folder is preselected and fills in the word a click hides, with
the [MASK] token's attention; a model without a fill-in head is refused with a sentence."""

import shutil

import numpy as np
import pytest

from tests.app.apptest_helpers import chart, open_page, plotly_array, texts, title, tr, tr_pattern

PAGE = "app_pages/pretraining.py"


@pytest.fixture(scope="module")
def mlm_dir(tmp_path_factory):
    from tests.helpers.tiny_models import make_tiny_mlm_dir

    return make_tiny_mlm_dir(tmp_path_factory.mktemp("mlm"), "distilbert", name="tiny-mlm")


def test_offline_with_nothing_on_disk_says_so_and_keeps_the_sentence(home):
    at = open_page(PAGE)
    assert not at.exception and at.title[0].value == tr("pretraining.title")
    assert [e for e in at.error if tr_pattern("nlp.error.hub_unreachable").search(e.value)]
    assert at.text_input(key="pt.text").value == "the capital of france is paris ."
    assert not at.get("plotly_chart")


def test_a_click_hides_a_word_and_the_head_guesses_it(home, mlm_dir):
    shutil.copytree(mlm_dir, home / "models" / "tiny-mlm")
    at = open_page(PAGE, timeout=120)
    assert not at.exception and not at.error
    assert at.selectbox(key="pt.model.choice").value == "tiny-mlm"  # preselected: it has a fill-in head
    guesses = chart(at, "pt.guesses")
    assert title(guesses) == tr("fillin.guesses_title")
    probs = plotly_array(guesses["data"][0]["y"]).astype(float)
    assert len(probs) == 10 and (np.diff(probs) <= 1e-9).all() and 0 < probs.sum() <= 1
    attention = plotly_array(chart(at, "pt.attention")["data"][0]["z"]).astype(float)
    assert np.allclose(attention.sum(axis=1), 1, atol=1e-2)  # each head's [MASK] row, and their mean
    at.pills(key="pt.hidden").set_value(1).run()  # hide "capital"
    assert not at.exception
    assert tr("fillin.masked", sentence="the [ ? ] of france is paris .", word="capital") in texts(at)
    assert at.query_params["word"] == "2"
    linked = open_page(PAGE, query={"text": "the movie was good", "word": "4"}, timeout=120)
    assert tr("fillin.masked", sentence="the movie was [ ? ]", word="good") in texts(linked)


def test_a_model_without_a_fill_in_head_is_refused(home, model_dirs):
    shutil.copytree(model_dirs[0], home / "models" / "tiny-pretrained")  # a classifier
    at = open_page(PAGE, timeout=120)
    at.selectbox(key="pt.model.choice").set_value("tiny-pretrained").run()
    assert not at.exception
    assert [
        e for e in at.error if tr_pattern("nlp.error.no_mlm_head", source="tiny-pretrained").search(e.value)
    ]
    assert not at.get("plotly_chart")


def test_english_page_and_an_empty_sentence(home, mlm_dir):
    shutil.copytree(mlm_dir, home / "models" / "tiny-mlm")
    english = open_page(PAGE, lang="en", timeout=120)
    assert english.title[0].value == tr("pretraining.title", "en") and not english.exception
    assert title(chart(english, "pt.guesses")) == tr("fillin.guesses_title", "en")
    at = open_page(PAGE, timeout=120)
    at.text_input(key="pt.text").input("   ").run()
    assert not at.exception and [e for e in at.error if e.value == tr("nlp.error.empty_text")]
    assert not at.get("plotly_chart")
