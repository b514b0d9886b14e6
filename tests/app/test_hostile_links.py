"""Links a visitor may craft or garble, on every page: the page still draws its title, shows no
exception, and what is unreadable is ignored or reported in a sentence, never a traceback."""

import pytest

from attnviz.ui.pages import PAGES
from tests.app.apptest_helpers import open_page, texts, tr

HUGE_NUMBER = "9" * 400
HOSTILE = {
    "numbers": {"layer": HUGE_NUMBER, "head": "-1", "limit": "1e308", "temp": "nan", "n": "0x10", "q": "1/0"},
    "markup": {"text": "<script>alert(1)</script>", "run": "<img src=x onerror=alert(1)>", "preset": "**x**"},
    "paths": {
        "run": "../../etc",
        "pretrained": "/etc/passwd",
        "model": "..\\..\\app.py",
        "data": "~/.ssh/id_rsa",
    },
    "control": {"owner": "someone-elses-token-123456", "mode": "both", "tab": "ablation", "lang": "xx"},
    "long": {"text": "palabra " * 3000, "q": "1," * 5000, "run": "r" * 5000},
    "unicode": {
        "text": "\u202e\u0000\ufffd😀",
        "mode": "\u0000",
        "head": "٣",
        "k": "\uff11,\uff12;\uff13,\uff14",
    },
}


TITLE_KEYS = {
    "home": "home.title",
    "playground": "playground.title",
    "fine_tuning": "ft.title",
    "heatmaps": "heatmaps.title",
    "qa": "qa.title",
    "blocks": "blocks.title",
    "translation": "translation.title",
    "pretraining": "pretraining.title",
    "generation": "generation.title",
}


def _page_ids():
    return [p.name for p in PAGES]


@pytest.mark.parametrize("case", list(HOSTILE))
@pytest.mark.parametrize("page", PAGES, ids=_page_ids())
def test_a_hostile_link_never_breaks_a_page(page, case, home):
    at = open_page(None if page.default else page.path, query=HOSTILE[case], timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value == tr(TITLE_KEYS[page.name])
    shown = " ".join(texts(at))
    assert "Traceback" not in shown and "<script>" not in [m.value for m in at.markdown]
    assert "owner" not in at.query_params  # run control never comes from a link
