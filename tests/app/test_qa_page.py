"""The question answering page through AppTest, with a tiny random-weight QA model in a local
folder: the wiring (answer marked, score against the threshold, alternatives, windows, charts,
heads), the messages for empty or huge input (text kept), and no model at all (Hub unreachable).
The answers themselves mean nothing."""

from __future__ import annotations

import html
import re

import pytest

from tests.app.apptest_helpers import chart, open_page, title, tr, tr_pattern

PAGE = "app_pages/question_answering.py"
TIMEOUT = 180


@pytest.fixture(scope="module")
def qa_home(tmp_path_factory):
    """An ATTNVIZ_HOME with a tiny QA model in models/ (the catalog model is not on disk)."""
    from attnviz.nlp import hub
    from tests.helpers.tiny_models import make_tiny_classifier_dir, make_tiny_qa_dir

    home = tmp_path_factory.mktemp("qa_home")
    make_tiny_classifier_dir(
        home / "models", "distilbert", name="a-classifier"
    )  # not a QA model: not preselected
    make_tiny_qa_dir(home / "models", "distilbert", name="tiny-qa")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATTNVIZ_HOME", str(home))
        patch.setenv("HF_HUB_OFFLINE", "1")
        hub.forget_probe()
        yield home
    hub.forget_probe()


def open_qa(lang: str = "es"):
    return open_page(PAGE, lang=lang, timeout=TIMEOUT)


def marked_answer(at) -> str | None:
    for element in at.get("html"):
        found = re.search(r'class="attnviz-answer"[^>]*>(.*?)</mark>', str(element.proto.body), flags=re.S)
        if found:
            return html.unescape(found.group(1))
    return None


def test_answers_with_a_local_model(qa_home):
    at = open_qa()
    assert at.selectbox(key="qa.model.choice").value == "tiny-qa"
    assert at.title[0].value == tr("qa.title")
    context = at.text_area(key="qa.context").value
    assert context == tr("qa.example.1.context")
    assert at.text_input(key="qa.question").value == tr("qa.example.1.question")
    answer = marked_answer(at)
    assert answer and answer in context
    assert any(tr_pattern("qa.answer").fullmatch(m.value) for m in at.markdown)
    assert at.metric[0].label == tr("qa.score")
    alternatives = at.dataframe[0].value
    assert 1 <= len(alternatives) <= 5
    assert list(alternatives[tr("qa.col.answer")])[0] == " ".join(answer.split())
    best_window = int(alternatives[tr("qa.col.window")].iloc[0])
    assert title(chart(at, "qa.chart.scores")) == tr("qa.scores_title", window=best_window)
    assert title(chart(at, "qa.grid")) == tr("qa.grid_title")
    layer, head = at.selectbox(key="qa.layer").value, at.selectbox(key="qa.head").value
    assert tr_pattern("qa.head_title", layer=layer + 1, head=head + 1).fullmatch(
        title(chart(at, "qa.chart.head"))
    )
    assert not at.exception and not at.error


def test_threshold_decides_reliable_or_not(qa_home):
    at = open_qa()
    at.slider(key="qa.threshold").set_value(0.0).run()
    score = at.metric[0].value
    assert len(at.success) == 1 and at.success[0].value == tr("qa.reliable", score=score, threshold="0.00")
    at.slider(key="qa.threshold").set_value(1.0).run()
    assert not at.success
    assert tr("qa.unreliable", score=score, threshold="1.00") in [w.value for w in at.warning]


def test_a_model_without_a_trained_qa_head_is_flagged_and_not_blamed_on_the_context(qa_home):
    at = open_qa()
    at.selectbox(key="qa.model.choice").set_value("a-classifier").run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert tr("qa.new_head") in warnings
    at.slider(key="qa.threshold").set_value(1.0).run()
    warnings = [w.value for w in at.warning]
    score = at.metric[0].value
    assert tr("qa.unreliable_untrained", score=score, threshold="1.00") in warnings
    assert not any(tr_pattern("qa.unreliable").fullmatch(w) for w in warnings)


def test_long_context_is_split_into_windows(qa_home):
    at = open_qa()
    at.selectbox(key="qa.scores_window").set_value(0).run()  # look at another window of the first example
    at.pills(key="qa.example").set_value(2).run()
    assert at.text_area(key="qa.context").value == tr("qa.example.2.context")
    best_window = int(at.dataframe[0].value[tr("qa.col.window")].iloc[0])
    assert (
        at.selectbox(key="qa.scores_window").value == best_window - 1
    )  # a new answer: the chart shows its window
    assert title(chart(at, "qa.chart.scores")) == tr("qa.scores_title", window=best_window)
    notes = [i.value for i in at.info]
    assert any(tr_pattern("qa.windows", max=64, window=best_window).fullmatch(n) for n in notes), notes
    assert marked_answer(at) in at.text_area(key="qa.context").value
    assert any(e.label == tr("qa.windows_table") for e in at.expander)
    assert at.selectbox(key="qa.window").options == ["64"]  # the tiny model reads at most 64 tokens
    at.slider(key="qa.stride").set_value(0).run()
    assert not at.exception and marked_answer(at)


def test_empty_inputs_explain_and_keep_the_text(qa_home):
    at = open_qa()
    question = at.text_input(key="qa.question").value
    at.text_area(key="qa.context").set_value("   ").run()
    assert [i.value for i in at.info] == [tr("qa.empty_context")]
    assert at.text_input(key="qa.question").value == question and not at.get("plotly_chart")
    at.text_input(key="qa.question").set_value("").run()
    assert at.info[0].value == tr("qa.empty_context_question")
    at.text_area(key="qa.context").set_value("paris is the capital of france .").run()
    assert at.info[0].value == tr("qa.empty_question")
    assert at.text_area(key="qa.context").value == "paris is the capital of france ."
    at.text_input(key="qa.question").set_value("what is the capital ?").run()
    assert marked_answer(at) in "paris is the capital of france ."
    assert not at.exception


def test_huge_context_and_long_question_are_refused_clearly(qa_home):
    at = open_qa()
    huge = "paris " * 4000
    at.text_area(key="qa.context").set_value(huge).run()
    assert tr_pattern("qa.huge_context", chars="24,000").fullmatch(at.error[0].value)
    assert at.text_area(key="qa.context").value == huge
    at.text_area(key="qa.context").set_value("paris is the capital .").run()
    at.text_input(key="qa.question").set_value("what " * 50).run()
    assert tr_pattern("nlp.error.question_too_long", tokens=50).fullmatch(at.error[0].value)
    assert not at.exception


def test_choosing_a_head_redraws_its_heatmap(qa_home):
    at = open_qa()
    at.selectbox(key="qa.layer").set_value(1).run()
    at.selectbox(key="qa.head").set_value(3).run()
    assert tr_pattern("qa.head_title", layer=2, head=4).fullmatch(title(chart(at, "qa.chart.head")))
    at.button_group(key="qa.scores").set_value("logit").run()
    assert not at.exception


def test_english_page_and_example_follow_the_language(qa_home):
    at = open_qa()
    at.button_group(key="lang").set_value("en").run()
    assert at.title[0].value == tr("qa.title", "en")
    assert at.text_area(key="qa.context").value == tr("qa.example.1.context", "en")
    assert at.text_input(key="qa.question").value == tr("qa.example.1.question", "en")
    assert any(tr_pattern("qa.answer", "en").fullmatch(m.value) for m in at.markdown)
    assert title(chart(at, "qa.grid")) == tr("qa.grid_title", "en")
    assert not at.exception


def test_edited_text_survives_a_language_switch(qa_home):
    at = open_qa()
    at.text_input(key="qa.question").set_value("¿Dónde se fundó?").run()
    at.button_group(key="lang").set_value("en").run()
    assert at.text_input(key="qa.question").value == "¿Dónde se fundó?"


def test_no_model_without_hub_says_how_to_use_a_local_folder(tmp_path, monkeypatch):
    from attnviz.nlp import hub

    monkeypatch.setenv("ATTNVIZ_HOME", str(tmp_path / "empty-home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    hub.forget_probe()
    at = open_qa()
    assert not at.exception and not at.error
    warning = at.warning[0].value
    assert tr_pattern("qa.no_model", models=str(tmp_path / "empty-home" / "models")).fullmatch(warning)
    assert tr("models.picker.other") in warning  # the option it tells the user to choose
    assert at.text_area(key="qa.context").value == tr("qa.example.1.context")  # the inputs stay usable
    # the box shows the catalog model's name alone; its shape and size are the line under it
    from attnviz.nlp.catalog import MODELS

    picker = at.selectbox(key="qa.model.choice")
    entry = MODELS[picker.value]
    assert picker.format_func(picker.value) == entry.name
    details = tr(
        "models.picker.details", layers=entry.layers, heads=entry.heads, status=f"~{entry.download_mb} MB"
    )
    assert details in [c.value for c in at.caption]
    at.selectbox(key="qa.model.choice").set_value("__other__").run()
    assert at.info[-1].value == tr("qa.pick_model")
    at.text_input(key="qa.model.other").set_value(str(tmp_path / "nowhere")).run()
    assert at.error[0].value == tr("nlp.error.model_not_found", source=str(tmp_path / "nowhere"))
    assert not at.exception


def test_text_and_settings_survive_a_visit_to_another_page(qa_home):
    at = open_qa()
    at.text_input(key="qa.question").set_value("¿Dónde se fundó?").run()
    at.slider(key="qa.threshold").set_value(0.8).run()
    at.switch_page("app_pages/home.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.text_input(key="qa.question").value == "¿Dónde se fundó?"
    assert at.text_area(key="qa.context").value == tr("qa.example.1.context")
    assert at.slider(key="qa.threshold").value == 0.8
