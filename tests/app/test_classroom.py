"""Follow the teacher, on the real app script (AppTest): two sessions in one process share the
server's one presentation, as two browsers share one server. A student's run stands for the poll's
rerun (AppTest has no timers; the browser test checks the poll itself)."""

from __future__ import annotations

import pytest

from attnviz.ui import classroom
from tests.app.apptest_helpers import open_page, tr, tr_pattern


@pytest.fixture(autouse=True)
def no_presentation(home, monkeypatch):
    monkeypatch.delenv("ATTNVIZ_TEACHER_PASSWORD", raising=False)
    monkeypatch.setenv("ATTNVIZ_HOSTED", "auto")  # AppTest is on the server's own machine
    shown = classroom.presentation()
    for token in [shown._presenter]:  # a test must not inherit another test's presentation
        shown.stop(token)
    yield
    shown.stop(shown._presenter)
    import streamlit as st

    st.session_state.pop("lang", None)


def _texts(at) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(str(w.value) for w in at.warning)


def _button(at, key: str):
    return next(b for b in at.button if b.key == key)


def _present(lang: str = "es"):
    import streamlit as st

    st.session_state["lang"] = lang  # see tests/app/conftest.py, bare_language
    teacher = open_page("app_pages/playground.py", lang=lang)
    _button(teacher, "classroom.present").click().run()
    assert classroom.presentation().presenting()
    return teacher


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_student_opens_the_teachers_page_and_link_and_can_explore_alone(lang):
    teacher = _present(lang)
    code = classroom.presentation().code
    assert tr_pattern("classroom.presenting", lang, code=code).search(_texts(teacher))

    student = open_page(lang=lang)  # the home page
    # the first run already opened the teacher's page (the playground)
    assert student.title[0].value == tr("playground.title", lang)
    assert tr_pattern("classroom.following", lang, code=code).search(_texts(student))

    # the teacher opens another page: the student's next poll follows
    teacher.switch_page("app_pages/building_blocks.py").run()
    student.run()
    assert student.title[0].value == tr("blocks.title", lang)

    # exploring alone: the teacher's next change does not move the student
    _button(student, "classroom.explore").click().run()
    assert tr("classroom.exploring", lang) in _texts(student)
    teacher.switch_page("app_pages/playground.py").run()
    student.run()
    assert student.title[0].value == tr("blocks.title", lang)

    # and one click brings the student back to the teacher's screen
    _button(student, "classroom.back").click().run()
    assert student.title[0].value == tr("playground.title", lang)


def test_the_teachers_link_reaches_a_student_already_on_that_page():
    from attnviz.core.presets import PRESET_NAMES
    from attnviz.ui import playground_state

    teacher = _present()
    student = open_page("app_pages/playground.py")
    other = next(n for n in PRESET_NAMES if n != teacher.selectbox(key=playground_state.PRESET).value)
    teacher.selectbox(key=playground_state.PRESET).set_value(other).run()
    assert teacher.query_params.get("preset") == other
    student.run()
    assert student.selectbox(key=playground_state.PRESET).value == other
    assert student.query_params.get("preset") == other


def test_stopping_ends_the_students_bar():
    teacher = _present()
    student = open_page("app_pages/playground.py")
    assert _button(student, "classroom.explore")
    _button(teacher, "classroom.stop").click().run()
    student.run()
    assert not any(b.key in ("classroom.explore", "classroom.back") for b in student.button)
    assert not classroom.presentation().presenting()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_join_code_brings_a_student_back_and_a_wrong_one_is_explained(lang):
    _present(lang)
    code = classroom.presentation().code
    student = open_page(lang=lang)
    _button(student, "classroom.explore").click().run()
    student.switch_page("app_pages/home.py").run()

    wrong = "ZZZZ" if code != "ZZZZ" else "YYYY"
    student.text_input(key=classroom.CODE_BOX).input(wrong.lower())
    student.button[[b.label for b in student.button].index(tr("classroom.join", lang))].click().run()
    assert tr("classroom.wrong_code", lang, code=wrong.lower()) in _texts(student)
    assert student.text_input(key=classroom.CODE_BOX).value == wrong.lower()  # what was typed stays

    student.text_input(key=classroom.CODE_BOX).input(f"{code[:2]}-{code[2:]}".lower())
    student.button[[b.label for b in student.button].index(tr("classroom.join", lang))].click().run()
    assert student.title[0].value == tr("playground.title", lang)


def test_the_qr_link_joins_and_leaves_the_address():
    _present()
    code = classroom.presentation().code
    student = open_page(query={"clase": code})
    assert student.title[0].value == tr("playground.title")
    assert "clase" not in student.query_params


def test_a_code_with_no_presentation_says_so():
    student = open_page()
    student.text_input(key=classroom.CODE_BOX).input("K7QF")
    student.button[[b.label for b in student.button].index(tr("classroom.join"))].click().run()
    assert tr("classroom.no_class", code="K7QF") in _texts(student)


def test_a_visitor_of_a_public_server_cannot_present(monkeypatch):
    monkeypatch.setenv("ATTNVIZ_HOSTED", "1")
    at = open_page("app_pages/playground.py")
    assert not any(b.key == "classroom.present" for b in at.button)


def test_with_a_password_only_the_teacher_presents(monkeypatch):
    monkeypatch.setenv("ATTNVIZ_TEACHER_PASSWORD", "clase-de-hoy")
    at = open_page("app_pages/playground.py")
    assert not any(b.key == "classroom.present" for b in at.button)
    at.session_state["ft.teacher"] = True
    at.run()
    assert any(b.key == "classroom.present" for b in at.button)


def test_on_a_public_server_only_those_who_joined_follow(monkeypatch):
    teacher = _present()  # the person at the server's machine presents...
    monkeypatch.setenv("ATTNVIZ_HOSTED", "1")  # ...then the server is public for everyone else
    assert classroom.presentation().presenting(teacher.session_state["visitor.token"])
    passer_by = open_page("app_pages/building_blocks.py")
    assert passer_by.title[0].value == tr("blocks.title")  # not taken to the teacher's page
    assert not any(b.key in ("classroom.explore", "classroom.back") for b in passer_by.button)

    student = open_page(query={"clase": classroom.presentation().code})
    assert student.title[0].value == tr("playground.title")
    assert any(b.key == "classroom.explore" for b in student.button)
