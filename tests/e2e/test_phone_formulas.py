"""On a phone (390 x 844), a formula wider than the screen scrolls sideways instead of being cut:
every formula on the playground and the building-blocks page either fits its box or can scroll."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_app

CUT_FORMULAS = """
() => [...document.querySelectorAll('.katex-display, [data-testid=stMarkdownContainer] .katex')]
  .map(el => {
    let box = el, scrolls = false;
    for (let up = el; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      const wide = up.scrollWidth > up.clientWidth + 1;
      if (['auto', 'scroll'].includes(style.overflowX) && wide) { scrolls = true; break; }
    }
    const right = el.getBoundingClientRect().right;
    const main = document.querySelector('[data-testid=stMain]').getBoundingClientRect().right;
    return {text: el.textContent.slice(0, 40), cut: !scrolls && right > main + 1};
  })
  .filter(f => f.cut)
"""


@pytest.mark.parametrize("path", ["playground", "building-blocks"])
def test_formulas_scroll_instead_of_being_cut_on_a_phone(browser, app_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-ES", is_mobile=True)
    try:
        phone = context.new_page()
        open_app(phone, f"{app_url}/{path}")
        phone.wait_for_selector(".katex", timeout=60_000)
        cut = phone.evaluate(CUT_FORMULAS)
        assert not cut, f"formulas cut at the right: {cut}"
    finally:
        context.close()
