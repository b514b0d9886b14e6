"""The pretraining page's "pretrain a tiny BERT yourself" section through AppTest: before any text
the button waits; a tiny BERT pretrained here (a short real run, once per module) is replayed with
its accuracy against the baseline, its guesses and its heads' patterns, and is offered as a model
by the fill-in picker and by the fine-tuning page, in Spanish and English. (AppTest cannot upload
a file: the browser test does.)"""

from __future__ import annotations

import shutil

import pytest

from tests.app.apptest_helpers import charts, open_page, texts, tr, tr_pattern
from tests.nlp.test_tiny_bert import corpus

PAGE = "app_pages/pretraining.py"


@pytest.fixture(scope="module")
def pretrained(tmp_path_factory):
    from attnviz.nlp import pretrain_job as pj
    from attnviz.nlp import tiny_bert as tb

    home = tmp_path_factory.mktemp("pretrained-home")
    job = pj.PretrainJob(home)
    job.prepare(
        corpus(800), "tiny-bert-comidas", steps=60, config=tb.TinyBertConfig(hidden=64, intermediate=128)
    )
    job.start()
    assert job.wait(timeout=240) and job.progress().state == pj.DONE, job.progress().error
    return home / "models" / "tiny-bert-comidas"


def test_before_a_text_the_button_waits(home):
    at = open_page(PAGE)
    assert not at.exception
    assert tr("pretrain.title") in [h.value for h in at.header]
    button = next(b for b in at.button if b.label == tr("pretrain.train"))
    assert button.disabled
    assert tr("pretrain.needs_text") in texts(at)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_pretrained_tiny_bert_is_replayed_and_offered_as_a_model(home, pretrained, lang, bare_language):
    from attnviz.nlp.pretrain_job import read_record

    bare_language["lang"] = lang
    shutil.copytree(pretrained, home / "models" / pretrained.name)
    record = read_record(pretrained)
    last = record["checks"][-1]
    at = open_page(PAGE, lang=lang, timeout=120)
    assert not at.exception
    assert tr_pattern(
        "pretrain.summary",
        lang,
        accuracy=f"{100 * last['accuracy']:.1f}",
        baseline=f"{100 * last['baseline']:.1f}",
    ).search(texts(at))
    shown = charts(at)
    assert all(f"ptb.chart.pattern.{m}" in shown for m in ("previous", "next", "sep", "entropy"))
    table = at.dataframe[0].value
    assert list(table[tr("pretrain.word", lang)]) == [p["word"] for p in record["probes"]]
    # an earlier check: other guesses, the same sentences
    at.select_slider(key="ptb.check").set_value(0).run()
    assert list(at.dataframe[0].value[tr("pretrain.sentence", lang)]) == [
        p["sentence"] for p in record["probes"]
    ]
    # one more model: the fill-in picker offers it (it has the masked-language head) ...
    assert any(pretrained.name in option for option in at.selectbox(key="pt.model.choice").options)
    # ... and the fine-tuning page too
    tuning = open_page("app_pages/fine_tuning.py", lang=lang, timeout=120)
    assert any(pretrained.name in str(option) for box in tuning.selectbox for option in box.options)
