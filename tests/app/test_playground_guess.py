"""The playground's "guess first" mode through AppTest: the weights and context stay hidden until a
guess is revealed; the answer is the real softmax; a change of example hides it again; the mode is
in the link (a presenting teacher turns it on for the class), in Spanish and English."""

from __future__ import annotations

import numpy as np
import pytest

from attnviz.ui import playground_state as ps
from tests.app.apptest_helpers import chart, charts, open_page, plotly_array, texts, tr

PAGE = "app_pages/playground.py"


def _reveal_button(at, lang):
    return next(b for b in at.button if b.label == tr("guess.reveal", lang))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_guess_then_reveal_on_the_course_example(lang, bare_language):
    bare_language["lang"] = lang
    at = open_page(PAGE, lang=lang)
    assert "pg.chart.weights" in charts(at)
    at.toggle(key=ps.GUESS_MODE).set_value(True).run()
    # hidden: no weights, no context, no step-by-step; the scores stay (they are what one guesses from)
    shown = charts(at)
    assert "pg.chart.scores" in shown and "pg.chart.weights" not in shown and "pg.chart.context" not in shown
    assert tr("guess.hidden", lang) in texts(at)
    assert at.query_params.get("guess") in ("1", ["1"])
    assert _reveal_button(at, lang).disabled  # a value must be picked first

    at.slider(key="pg.guess.k1").set_value(0.9)
    at.slider(key="pg.guess.k2").set_value(0.1)
    at.radio(key="pg.guess.lean").set_value(1).run()  # v2: wrong, the course's q1 leans to v1
    _reveal_button(at, lang).click().run()

    bars = chart(at, "pg.chart.guess")["data"]
    guess, real = (plotly_array(trace["y"]).astype(float) for trace in bars)
    np.testing.assert_allclose(guess, [0.9, 0.1], atol=1e-9)
    np.testing.assert_allclose(real, [0.6698, 0.3302], atol=1e-4)  # the course's weights
    page_text = texts(at)
    assert tr("guess.distance", lang, percent="23", worst="k1", guessed="0.90", real="0.67") in page_text
    assert tr("guess.lean_wrong", lang, value="v1", guessed="v2") in page_text
    assert "pg.chart.weights" in charts(at) and "pg.chart.context" in charts(at)  # everything is back

    # another example hides the answer again
    at.selectbox(key=ps.PRESET).set_value("dominant_key").run()
    assert "pg.chart.weights" not in charts(at)


def test_the_link_turns_guessing_on_and_a_right_guess_is_praised():
    at = open_page(PAGE, query={"preset": "identical_keys", "guess": "1"})
    assert at.toggle(key=ps.GUESS_MODE).value is True
    assert "pg.chart.weights" not in charts(at)
    for j in range(3):
        at.slider(key=f"pg.guess.k{j + 1}").set_value(0.5)
    at.radio(key="pg.guess.lean").set_value(0).run()  # a tie: the first key is the largest
    _reveal_button(at, "es").click().run()
    assert tr("guess.distance", percent="0", worst="k1", guessed="0.33", real="0.33") in texts(at)
    assert tr("guess.lean_right", value="v1") in texts(at)
    # guessing again hides it once more
    next(b for b in at.button if b.label == tr("guess.again")).click().run()
    assert "pg.chart.weights" not in charts(at)
