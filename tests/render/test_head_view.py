"""The head view's HTML: self-contained, data embedded as JSON, tokens escaped."""

import json
import re

import numpy as np
import pytest

from attnviz.render.head_view import HEAD_COLORS, head_view_height, head_view_html, head_view_lines

TOKENS = ["[CLS]", "the", "cat", "[SEP]"]
NASTY = [
    "[CLS]",
    "</script><script>alert(1)</script>",
    '"q"',
    "<b>x</b>",
    "a&amp;b",
    "<!--",
    "\u2028",
    "[SEP]",
]


def weights(t: int, heads: int = 2, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.random((heads, t, t)) ** 4
    return a / a.sum(axis=-1, keepdims=True)


def embedded(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_complete_offline_page():
    page = head_view_html(
        weights(4), TOKENS, head_labels=["Cabeza 1", "Cabeza 2"], title="Capa 3", hint="Pasa el ratón"
    )
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<html lang="es">' in page
    assert "src=" not in page and "<link" not in page and "@import" not in page and "url(" not in page
    assert re.findall(r"https?://[^\"']+", page) == ["http://www.w3.org/2000/svg"] * 2  # SVG namespace only
    assert "Capa 3" in page and "Pasa el ratón" in page
    data = embedded(page)
    assert data["from"] == TOKENS == data["to"]
    assert [h["label"] for h in data["heads"]] == ["Cabeza 1", "Cabeza 2"]
    assert [h["color"] for h in data["heads"]] == list(HEAD_COLORS[:2])


def test_lines_carry_the_weights():
    w = np.array([[0.9, 0.1, 0.0], [0.0, 0.005, 0.995], [1 / 3, 1 / 3, 1 / 3]])
    (lines,) = head_view_lines(w, min_weight=0.01)
    assert list(zip(lines["i"], lines["j"], lines["w"])) == [
        (0, 0, 0.9),
        (0, 1, 0.1),
        (1, 2, 0.995),
        (2, 0, 0.333),
        (2, 1, 0.333),
        (2, 2, 0.333),
    ]
    data = embedded(head_view_html(w, ["a", "b", "c"]))
    assert data["heads"][0]["w"] == lines["w"]
    three = head_view_lines(np.full((3, 5, 5), 0.2), min_weight=0.0)
    assert len(three) == 3 and all(len(h["w"]) == 25 for h in three)
    # what rounds to 0 at the given decimals is never drawn
    assert head_view_lines(np.array([[0.9996, 0.0004]]), min_weight=0.0)[0]["j"] == [0]


def test_tokens_are_escaped():
    page = head_view_html(weights(len(NASTY)), NASTY, title='<img src=x onerror="alert(1)">', hint="</div>")
    # only our own two script elements close
    assert page.count("</script>") == 2
    assert "<b>x</b>" not in page and "alert(1)</script>" not in page and "<!--" not in page
    assert "\u2028" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page and "&lt;/div&gt;" in page
    assert embedded(page)["from"] == NASTY  # JSON.parse gives the tokens back exactly
    # the script inserts tokens as text only
    assert "innerHTML" not in page and "textContent = label" in page


def test_placeholder_names_in_text_are_not_substituted():
    page = head_view_html(weights(2, 1), ["__DATA__", "__TITLE__"], title="__HINT__ __ROOT_ID__", hint="x")
    assert '<div class="hv-title">__HINT__ __ROOT_ID__</div>' in page
    assert embedded(page)["from"] == ["__DATA__", "__TITLE__"]


def test_cross_attention_and_single_head():
    w = np.full((2, 3), 1 / 3)
    data = embedded(
        head_view_html(w, ["q1", "q2"], ["k1", "k2", "k3"], head_labels=["media"], colors=["#123456"])
    )
    assert data["from"] == ["q1", "q2"] and data["to"] == ["k1", "k2", "k3"]
    assert data["heads"][0]["label"] == "media" and data["heads"][0]["color"] == "#123456"


def test_ids_are_stable_and_scoped():
    w = weights(4)
    first, again = head_view_html(w, TOKENS), head_view_html(w, TOKENS)
    assert first == again
    custom = head_view_html(w, TOKENS, element_id="hv-layer-2")
    assert 'id="hv-layer-2"' in custom and 'getElementById("hv-layer-2-data")' in custom


def test_bad_input():
    with pytest.raises(ValueError):
        head_view_html(weights(4), TOKENS[:3])
    with pytest.raises(ValueError):
        head_view_html(weights(4), TOKENS, head_labels=["one"])
    with pytest.raises(ValueError):
        head_view_html(weights(4), TOKENS, colors=["red", "blue; background:url(x)"])
    with pytest.raises(ValueError):
        head_view_html(weights(4), TOKENS, element_id='x" onload="y')
    with pytest.raises(ValueError):
        head_view_html(np.full((2, 2), np.nan), ["a", "b"])
    with pytest.raises(ValueError):
        head_view_html(np.ones((1, 1, 2, 2)), ["a", "b"])


def test_height_grows_with_tokens():
    assert head_view_height(30) > head_view_height(10) > 0
    assert head_view_height(10, font_size=20) > head_view_height(10)
