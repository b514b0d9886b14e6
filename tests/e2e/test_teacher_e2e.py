"""Teacher mode in a real browser, on a server with a teacher password: it survives a reload (the
visitor cookie), never shows in the address, and another browser opening the very same address
is a student."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import start_server, stop_server

ACTIVE = "Modo profesor activo."


@pytest.fixture(scope="module")
def locked_server(tmp_path_factory, browser):
    home = tmp_path_factory.mktemp("teacher_home")
    process, base, _ = start_server(home, {"ATTNVIZ_TEACHER_PASSWORD": "clase-de-hoy"})
    yield base
    stop_server(process)


def _sign_in(page, password: str) -> None:
    page.get_by_text("Modo profesor").first.click()
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()


def test_teacher_mode_survives_a_reload_and_stays_out_of_the_address(locked_server, browser, page):
    page.goto(f"{locked_server}/fine-tuning")
    page.get_by_text("Modo profesor").first.wait_for()
    _sign_in(page, "clase-de-hoy")
    page.get_by_text(ACTIVE).wait_for()
    address = page.url
    assert "owner" not in address and "clase" not in address

    page.reload()
    page.get_by_text("Modo profesor").first.wait_for()
    page.get_by_text("Modo profesor").first.click()
    page.get_by_text(ACTIVE).wait_for()

    # the same address in another browser: a student
    other = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    try:
        student = other.new_page()
        student.goto(address)
        student.get_by_text("Modo profesor").first.wait_for(timeout=60_000)
        student.get_by_text("Modo profesor").first.click()
        student.get_by_label("Contraseña").wait_for()
        assert student.get_by_text(ACTIVE).count() == 0
    finally:
        other.close()

    # signing out holds after a reload too
    page.get_by_role("button", name="Salir del modo profesor").click()
    page.get_by_label("Contraseña").wait_for()
    page.reload()
    page.get_by_text("Modo profesor").first.wait_for()
    page.get_by_text("Modo profesor").first.click()
    page.get_by_label("Contraseña").wait_for()
    assert page.get_by_text(ACTIVE).count() == 0
