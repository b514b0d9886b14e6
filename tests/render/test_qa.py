"""The question answering figures: the answer marked in the context (escaped HTML), start/end bars,
and the question -> context heatmap with the answer framed."""

import html
import re

import numpy as np
import pytest

from attnviz.render import qa as fq


def marked(page: str, css_class: str) -> list[str]:
    return [html.unescape(x) for x in re.findall(rf'class="{css_class}"[^>]*>(.*?)</', page, flags=re.S)]


def test_answer_is_marked_exactly_and_user_text_is_escaped():
    text = 'a <script>alert("x")</script> & Paris <b>is</b> the capital'
    start = text.index("Paris")
    page = fq.highlight_html(text, (start, start + len("Paris")), answer_title='say "hi"')
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&amp;" in page
    assert marked(page, "attnviz-answer") == ["Paris"]
    assert 'title="say &quot;hi&quot;"' in page
    assert html.unescape(re.sub(r"<[^>]+>", "", page)) == text  # nothing lost, nothing added


def test_reliable_and_unreliable_colours():
    assert fq.ANSWER_COLOR in fq.highlight_html("abc", (0, 1), reliable=True)
    assert fq.UNRELIABLE_COLOR in fq.highlight_html("abc", (0, 1), reliable=False)


def test_alternatives_underlined_unless_they_overlap():
    text = "paris is the capital of france"
    page = fq.highlight_html(text, (0, 5), alternatives=[(0, 8), (24, 30), (26, 29), (13, 20)])
    assert marked(page, "attnviz-answer") == ["paris"]
    assert marked(page, "attnviz-alternative") == ["capital", "france"]


def test_long_text_is_cut_around_the_answer():
    text = "x" * 1000 + "ANSWER" + "y" * 1000
    page = fq.highlight_html(text, (1000, 1006), max_chars=100)
    visible = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert visible.startswith(fq.ELLIPSIS) and visible.endswith(fq.ELLIPSIS)
    assert "ANSWER" in visible and len(visible) == 100 + 2
    words = " ".join(f"w{i:03d}" for i in range(400))
    start = words.index("w200")
    visible = html.unescape(
        re.sub(r"<[^>]+>", "", fq.highlight_html(words, (start, start + 4), max_chars=101))
    )
    assert visible.startswith(fq.ELLIPSIS + "w") and visible.endswith(fq.ELLIPSIS)
    assert all(
        len(word) == 4 for word in visible.strip(fq.ELLIPSIS).split()
    )  # cut at spaces, not inside words
    assert fq.excerpt_bounds(50, 10, 12, 100) == (0, 50)
    assert fq.excerpt_bounds(1000, 0, 2, 100) == (0, 100)
    assert fq.excerpt_bounds(1000, 995, 1000, 100) == (900, 1000)


def test_line_breaks_kept_and_no_answer_allowed():
    page = fq.highlight_html("one\ntwo", None)
    assert "pre-wrap" in page and "one\ntwo" in page
    with pytest.raises(ValueError):
        fq.highlight_html("abc", (2, 9))


def test_start_end_chart():
    tokens = ["paris", "is", "the", "<b>", "paris"]
    fig = fq.start_end_chart(
        tokens,
        np.array([0.7, 0.1, 0.1, 0.05, 0.05]),
        np.array([0.6, 0.2, 0.1, 0.05, 0.05]),
        answer=(0, 1),
        start_name="Inicio",
        end_name="Final",
        title="t",
        answer_label="Respuesta",
    )
    start, end = fig.data
    assert (start.name, end.name) == ("Inicio", "Final")
    assert list(start.y) == [0.7, 0.1, 0.1, 0.05, 0.05]
    assert list(fig.layout.xaxis.ticktext) == [
        "paris",
        "is",
        "the",
        "&lt;b&gt;",
        "paris",
    ]  # repeats kept, escaped
    band = fig.layout.shapes[0]
    assert (band.x0, band.x1) == (-0.5, 1.5)
    assert fig.layout.annotations[0].text == "Respuesta"
    no_answer = fq.start_end_chart(tokens, np.zeros(5), np.zeros(5))
    assert not no_answer.layout.shapes
    with pytest.raises(ValueError):
        fq.start_end_chart(tokens, np.zeros(4), np.zeros(5))


def test_question_context_heatmap_frames_the_answer():
    weights = np.array([[0.1, 0.3, 0.05], [0.2, 0.1, 0.0]])
    fig = fq.question_context_heatmap(
        weights, ["what", "?"], ["paris", "is", "nice"], answer=(1, 2), title="h"
    )
    heat = fig.data[0]
    np.testing.assert_allclose(np.asarray(heat.z, dtype=float), weights)
    assert heat.zmax == pytest.approx(0.3)  # scaled to the largest weight shown
    frame = fig.layout.shapes[-1]
    assert (frame.x0, frame.x1, frame.y0, frame.y1) == (0.5, 2.5, -0.5, 1.5)
    assert list(fig.layout.yaxis.ticktext) == ["what", "?"]
