"""Follow the teacher in two real browsers (two contexts: two cookies, two visitors) on one real
server: the teacher presents, the student's browser opens the teacher's page and link by itself
(its poll), the student explores alone and comes back; a phone joins with the class code."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import (
    assert_no_sideways_scroll,
    assert_stays,
    open_app,
    save_screenshot,
    start_server,
    stop_server,
    wait_idle,
    wait_until,
)

# The poll runs every 2 s on each side (the teacher's publishes, the student's follows), and a
# page switch takes a whole rerun: 20 s is generous on a busy CI machine.
FOLLOW_S = 20


@pytest.fixture(scope="module")
def classroom_server(tmp_path_factory, browser):
    process, base, _ = start_server(tmp_path_factory.mktemp("classroom_home"))
    yield base
    stop_server(process)


def _new_tab(browser, width=1400, height=1000, mobile=False):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="es-ES", is_mobile=mobile
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def _path(page) -> str:
    return page.evaluate("() => location.pathname + location.search")


def test_a_student_follows_the_teacher_explores_and_comes_back(classroom_server, browser):
    teacher_ctx, teacher = _new_tab(browser)
    student_ctx, student = _new_tab(browser)
    phone_ctx, phone = _new_tab(browser, 390, 844, mobile=True)
    try:
        open_app(teacher, classroom_server)
        teacher.get_by_role("button", name="Presentar a la clase").click()
        teacher.get_by_text("Presentas.").wait_for()
        bar = teacher.locator("[data-testid=stMarkdownContainer]", has_text="Presentas.")
        code = re.search(r"Código de la clase: (\w{4})", bar.inner_text()).group(1)

        # the QR code is drawn on the server and shown in the bar
        teacher.get_by_role("button", name="Código QR").click()
        teacher.locator("[data-testid=stPopoverBody] img").wait_for()
        assert f"clase={code}" in teacher.locator("[data-testid=stPopoverBody]").inner_text()
        teacher.keyboard.press("Escape")

        # the teacher goes to the playground and picks an example: the student's browser follows
        open_app(student, classroom_server)
        student.get_by_text("Sigues la pantalla del profesor").wait_for()
        teacher.get_by_role("link", name="Laboratorio de atención").first.click()
        wait_idle(teacher)
        teacher.get_by_role("combobox", name="Ejemplo").click()
        teacher.get_by_role("option", name="Claves idénticas").click()
        wait_idle(teacher)
        assert "preset=identical_keys" in _path(teacher)
        wait_until(
            lambda: "/playground?preset=identical_keys" in _path(student), FOLLOW_S, "the student to follow"
        )
        student.get_by_role("combobox", name="Ejemplo").wait_for()
        wait_until(
            lambda: student.get_by_role("combobox", name="Ejemplo").input_value() == "Claves idénticas",
            FOLLOW_S,
            "the student's example to be the teacher's",
        )
        teacher.get_by_text("1 siguiendo tu pantalla").wait_for(timeout=FOLLOW_S * 1000)

        # exploring alone: the teacher's next page does not move the student
        student.get_by_role("button", name="Explorar por mi cuenta").click()
        student.get_by_text("tú exploras por tu cuenta").wait_for()
        teacher.get_by_role("link", name="Componentes clave").first.click()
        wait_idle(teacher)
        assert_stays(lambda: "/playground" in _path(student), 6, "an exploring student stays where they are")

        # one click back to the teacher's screen
        student.get_by_role("button", name="Volver con el profesor").click()
        wait_until(lambda: "/building-blocks" in _path(student), FOLLOW_S, "the student to come back")
        save_screenshot(student, "follow_the_teacher_student")

        # a phone scans the QR code: its link opens the teacher's page, which fits the phone
        open_app(phone, f"{classroom_server}/?clase={code}")
        wait_until(lambda: "/building-blocks" in _path(phone), FOLLOW_S, "the phone to follow")
        wait_idle(phone)
        assert_no_sideways_scroll(phone)
        save_screenshot(phone, "follow_the_teacher_phone")

        # the teacher stops: the student's bar goes away by itself
        teacher.get_by_role("button", name="Dejar de presentar").click()
        wait_until(
            lambda: student.get_by_role("button", name="Explorar por mi cuenta").count() == 0,
            FOLLOW_S,
            "the student's bar to go",
        )
    finally:
        for context in (teacher_ctx, student_ctx, phone_ctx):
            context.close()
