"""The fine-tuning page with run files nobody should trust: a damaged run is listed and can be
deleted, never crashes the page; text from a run's files is shown as text, not as Markdown."""

from __future__ import annotations

import json

import pytest

from attnviz.i18n import translate
from attnviz.ui.display import plain_text
from tests.app.apptest_helpers import open_page, texts

PAGE = "app_pages/fine_tuning.py"


@pytest.fixture(autouse=True)
def home(isolated_home):
    return isolated_home


def write_run(home, name: str, status: dict, settings: dict | None = None):
    from attnviz.nlp.training import runs

    folder = runs.create_run(settings or {"model": "m", "data": "d"}, name, home / "runs")
    folder.status.write_text(json.dumps(status))
    return folder


def test_a_damaged_run_is_shown_as_damaged_and_can_be_deleted(home):
    write_run(home, "crafted", {"state": "finished", "step": "abc", "created_at": 1e308})
    at = open_page(PAGE, query={"run": "crafted"})
    assert not at.exception, at.exception
    page = texts(at)
    assert translate("es", "ft.run_title", name="crafted", state=translate("es", "ft.state.damaged")) in page
    problems = plain_text("status.json: step, status.json: created_at")
    assert translate("es", "ft.damaged", problems=problems) in [e.value for e in at.error]
    at.button(key="ft.runs.delete_yes").click().run()
    assert not at.exception
    assert not (home / "runs" / "crafted").exists()


def test_text_from_run_files_is_not_rendered_as_markdown(home):
    write_run(
        home,
        "phishing",
        {
            "state": "failed",
            "step": 2,
            "total_steps": 10,
            "error": {
                "code": "some_code",
                "message": "Teacher says: go to [this link](http://evil.example) ![](http://evil.example/x.png)",
            },
        },
        {"model": "**bold** [link](http://evil.example)", "data": "<img src=x>"},
    )
    at = open_page(PAGE, query={"run": "phishing"})
    assert not at.exception, at.exception
    message = "Teacher says: go to [this link](http://evil.example) ![](http://evil.example/x.png)"
    error = " ".join(e.value for e in at.error)
    assert plain_text(message) in error and "](http" not in error  # escaped: shown as typed
    caption = " ".join(c.value for c in at.caption)
    assert (
        plain_text("**bold** [link](http://evil.example)") in caption and plain_text("<img src=x>") in caption
    )
    assert "**bold**" not in caption
