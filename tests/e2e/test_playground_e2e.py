"""The playground in a real browser: edit cells (good and bad), switch scaling and language,
share a link, projector and phone layouts. Takes the README's screenshots (``save_screenshot``)."""

import contextlib
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import open_app, rerun_asks, save_screenshot, wait_idle

ROW_HEIGHT = 35  # Streamlit's data editor: header and rows are 35 px high


def heatmap_labels(page, title: str) -> list[str]:
    """The numbers printed inside the cells of the Plotly heatmap with this title."""
    return page.evaluate(
        """(title) => {
            for (const plot of document.querySelectorAll('.js-plotly-plot')) {
                const t = plot.querySelector('.gtitle');
                if (t && t.textContent === title)
                    return Array.from(plot.querySelectorAll('.heatmap-label')).map(e => e.textContent);
            }
            return null;
        }""",
        title,
    )


def editor_cells(page, editor: int) -> list[str]:
    """The text of every cell of one data editor, row by row (index column included)."""
    grid = page.locator("[data-testid=stDataFrame]").nth(editor)
    # The grid draws on a canvas; its accessible twin (a hidden table of glide-cell ids) comes a moment later.
    grid.locator("[id^=glide-cell]").first.wait_for(state="attached")
    return grid.evaluate("el => Array.from(el.querySelectorAll('[id^=glide-cell]')).map(e => e.textContent)")


def _cell_text(grid, row: int, col: int) -> str | None:
    return grid.evaluate(
        "(el, id) => { const c = el.querySelector('#' + id); return c ? c.textContent : null; }",
        f"glide-cell-{col + 1}-{row}",
    )


def _cell_becomes(grid, row: int, col: int, selected: bool = False, text: str | None = None) -> bool:
    """Wait up to 3 s until the accessible twin of cell (row, col) is the selected cell and/or shows
    ``text``; False if it does not (the caller tries again)."""
    cell = grid.locator(f"#glide-cell-{col + 1}-{row}" + ("[aria-selected=true]" if selected else ""))
    if text is not None:
        cell = cell.filter(has_text=re.compile(f"^{re.escape(text)}$"))
    try:
        cell.wait_for(state="attached", timeout=3000)
    except Exception:  # noqa: BLE001 - a Playwright timeout
        return False
    return True


EDITOR_VALUE = "() => document.querySelector('textarea.gdg-input')?.value ?? null"


def _type_into_selected_cell(page, text: str) -> bool:
    """Type over the selected cell as a person does: the first key opens the cell's editor with
    that key (replacing the old value), the rest follow, Enter commits. True once the editor has
    closed with ``text`` committed; on a miss the editor is closed without committing.

    (Seen with this machine's Chromium 150: after a first edit, Enter on a selected cell may not
    open its editor, and an Enter in the editor may be lost; typing opens it, and a second Enter
    or a Tab commits.)"""
    page.keyboard.type(text, delay=20)
    try:  # every key has reached the cell editor before it is committed
        page.wait_for_function(f"(t) => ({EDITOR_VALUE})() === t", arg=text, timeout=10_000)
    except Exception:  # noqa: BLE001 - a Playwright timeout: the editor did not open, or lost keys
        page.keyboard.press("Escape")
        return False
    for key in ("Enter", "Tab"):
        page.keyboard.press(key)
        try:
            page.wait_for_function(f"() => ({EDITOR_VALUE})() === null", timeout=1500)
            return True
        except Exception:  # noqa: BLE001 - still open: try the other key
            continue
    page.keyboard.press("Escape")
    return False


def edit_cell(page, editor: int, row: int, col: int, text: str) -> None:
    """Type ``text`` into cell (row, col) of an editor (0-based, not counting the index column),
    as a person does: select the cell, Enter, type, Enter. The grid handles keys asynchronously,
    and on a busy machine a keystroke can arrive before it is ready, so each step is checked on
    the grid itself (its hidden accessible table marks the selected cell) and the edit repeated
    if it did not land. Returns once the page has rerun with the new value."""
    grid = page.locator("[data-testid=stDataFrame]").nth(editor)
    grid.locator("[id^=glide-cell]").first.wait_for(state="attached")
    n_cols = grid.evaluate("el => el.querySelectorAll('[id^=glide-cell-][id$=\"-0\"]').length") - 1
    for _ in range(4):
        before = _cell_text(grid, row, col)
        asks = rerun_asks(page)
        box = grid.bounding_box()
        # Click the last column of the row (always a data cell), then walk left to the wanted column.
        page.mouse.click(box["x"] + box["width"] - 12, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2)
        landed = _cell_becomes(grid, row, n_cols - 1, selected=True)
        for c in range(n_cols - 2, col - 1, -1):
            if not landed:
                break
            page.keyboard.press("ArrowLeft")
            landed = _cell_becomes(grid, row, c, selected=True)
        committed = landed and _type_into_selected_cell(page, text)
        if committed and _cell_becomes(grid, row, col, text=text) and _cell_text(grid, row, col) == text:
            if before != text:  # the grid sends its edits 150 ms late: wait for that rerun
                wait_idle(page, since=asks)
            return
        # Missed: if a keystroke changed another cell, its rerun request leaves within 150 ms.
        with contextlib.suppress(Exception):
            page.wait_for_function("(n) => window.__attnvizRuns.asked > n", arg=asks, timeout=1000)
        wait_idle(page)
    raise AssertionError(f"could not type {text!r} into cell ({row}, {col}) of editor {editor}")


def alerts(page) -> str:
    return "\n".join(page.locator("[data-testid=stAlert]").all_inner_texts())


@pytest.fixture
def playground(page, app_url):
    open_app(page, f"{app_url}/playground")
    return page


def test_course_example_on_screen_and_readme_screenshot(playground):
    assert heatmap_labels(playground, "Pesos softmax") == ["0.670", "0.330"]
    assert editor_cells(playground, 0) == ["q1", "1", "0"]
    save_screenshot(playground, "playground")


def test_editing_a_cell_recomputes_everything(playground):
    edit_cell(playground, 0, 0, 0, "0")
    edit_cell(playground, 0, 0, 1, "1")
    assert editor_cells(playground, 0) == ["q1", "0", "1"]
    assert heatmap_labels(playground, "Pesos softmax") == ["0.330", "0.670"]
    query = parse_qs(urlparse(playground.url).query)
    assert query["q"] == ["0,1"]  # the address bar now reproduces the edited example


def test_bad_value_keeps_what_was_typed_and_the_last_result(playground):
    edit_cell(playground, 2, 1, 1, "diez")
    assert "«diez» no es un número" in alerts(playground)
    assert "v2, columna 2" in alerts(playground)
    assert editor_cells(playground, 2)[-1] == "diez"  # nothing the user typed is thrown away
    assert heatmap_labels(playground, "Pesos softmax") == ["0.670", "0.330"]
    assert "último resultado válido" in alerts(playground)
    save_screenshot(playground, "playground-bad-input")
    edit_cell(playground, 2, 1, 1, "1e308")
    assert "demasiado grande" in alerts(playground)
    edit_cell(playground, 2, 1, 1, "10")
    assert "no es un número" not in alerts(playground)


def test_a_visit_to_another_page_keeps_the_typed_cells_and_the_choices(playground):
    edit_cell(playground, 0, 0, 0, "0")
    edit_cell(playground, 0, 0, 1, "abc")  # not a number: kept as typed all the same
    playground.get_by_text("Escalar por 1/√d_k").click()
    wait_idle(playground)
    nav = playground.locator("[data-testid=stSidebarNav]")
    nav.get_by_text("Inicio", exact=True).click()
    playground.locator("h1", has_text="cómo funciona la atención").wait_for()
    wait_idle(playground)
    nav.get_by_text("Laboratorio de atención", exact=True).click()
    playground.locator("h1", has_text="Laboratorio de atención").wait_for()
    wait_idle(playground)
    assert playground.locator("[data-testid=stException]").count() == 0
    assert editor_cells(playground, 0) == ["q1", "0", "abc"]
    assert "«abc» no es un número" in alerts(playground)
    assert not playground.get_by_role("switch", name="Escalar por 1/√d_k").is_checked()


def test_scaling_switch_and_language(playground):
    playground.get_by_text("Escalar por 1/√d_k").click()
    wait_idle(playground)
    assert heatmap_labels(playground, "Pesos softmax") == ["0.731", "0.269"]
    playground.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
    wait_idle(playground)
    assert playground.locator("h1").first.inner_text() == "Attention playground"
    assert heatmap_labels(playground, "Softmax weights") == ["0.731", "0.269"]


def _active_segment(page) -> list[str]:
    return page.locator("[data-testid=stMain] [role=radio][aria-checked=true]").all_inner_texts()


def test_choices_survive_language_switches(playground):
    """Option widgets send their choice back as its label: after a switch the browser must hold the
    new language's labels, or the next click resets the choice (or crashed the preset callback)."""
    sidebar = playground.locator("[data-testid=stSidebar]")
    playground.locator("[data-testid=stMain]").get_by_role(
        "radio", name="Relleno"
    ).click()  # the padding mask
    wait_idle(playground)
    for language, scale, preset, padding in (
        ("English", "Scale by 1/√d_k", "The course's example", "Padding"),
        ("Español", "Escalar por 1/√d_k", "Ejemplo del curso", "Relleno"),
    ):
        sidebar.get_by_text(language, exact=True).click()
        wait_idle(playground)
        playground.get_by_text(scale).click()  # any interaction after the switch
        wait_idle(playground)
        assert playground.locator("[data-testid=stException]").count() == 0
        shown = playground.locator("[data-testid=stSelectbox]").first
        assert preset in shown.inner_text() + " " + shown.locator("input").first.input_value()
        assert padding in _active_segment(playground)  # the padding mask is still the one chosen
        playground.get_by_text(scale).click()
        wait_idle(playground)
    assert heatmap_labels(playground, "Pesos softmax") == ["0.670", "0.330"]


def test_shared_link_reproduces_the_example(playground, browser, app_url):
    playground.get_by_text("Escalar por 1/√d_k").click()
    wait_idle(playground)
    link = playground.locator("[data-testid=stCode]").last.inner_text().strip()
    assert "scale=0" in link
    other = browser.new_context(locale="es-ES").new_page()
    try:
        open_app(other, link)
        assert heatmap_labels(other, "Pesos softmax") == ["0.731", "0.269"]
    finally:
        other.context.close()


def test_projector_text_is_larger(playground):
    before = playground.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    playground.get_by_text("Texto grande (proyector)").click()
    wait_idle(playground)
    after = playground.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after >= before * 1.2


def test_phone_layout_has_no_sideways_scroll(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-ES", is_mobile=True)
    phone = context.new_page()
    try:
        open_app(phone, f"{app_url}/playground")
        assert heatmap_labels(phone, "Pesos softmax") == ["0.670", "0.330"]
        overflow = phone.evaluate(
            "() => { const m = document.querySelector('[data-testid=stMain]'); return m.scrollWidth - m.clientWidth; }"
        )
        assert overflow <= 1
        save_screenshot(phone, "playground-phone")
    finally:
        context.close()


def test_browser_locale_picks_the_language(browser, app_url):
    context = browser.new_context(locale="en-US")
    english = context.new_page()
    try:
        open_app(english, app_url)
        assert "how attention works" in english.locator("h1").first.inner_text()
    finally:
        context.close()


def test_guess_first_hides_the_weights_until_the_guess_is_revealed(page, app_url):
    """Guess first, from a link (as a presenting teacher's class gets it): drag a key's slider with
    the keyboard, pick the value, reveal; the weights come back with the guess beside them."""
    open_app(page, f"{app_url}/playground?preset=course&guess=1")
    page.get_by_text("Los pesos están ocultos").wait_for()
    assert heatmap_labels(page, "Pesos softmax") is None
    slider = page.get_by_role("slider").filter(has_text="").nth(1)  # the temperature comes first
    slider.focus()
    for _ in range(6):  # 0.50 -> 0.80 in steps of 0.05
        page.keyboard.press("ArrowRight")
    wait_idle(page)
    page.get_by_test_id("stRadioGroup").get_by_text("v1", exact=True).click()
    wait_idle(page)
    page.get_by_role("button", name="Revelar").click()
    wait_idle(page)
    page.get_by_text("Tu apuesta y los pesos reales de q1").wait_for()
    assert heatmap_labels(page, "Pesos softmax") == ["0.670", "0.330"]
    assert "¡Bien! El contexto se inclina hacia v1" in alerts(page)
    save_screenshot(page, "playground_guess")
