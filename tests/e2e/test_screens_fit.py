"""Screens that fit: every page, at a classroom projector's sizes with the large text on (the
sidebar open and collapsed) and on a phone, has no text cut off, broken inside a word or laid over
something else, and nothing wider than its column or the screen.

``FIT_PROBLEMS`` runs in the page and compares boxes with their containers: text a box cuts off
(it hides its overflow, or scrolls it out of reach without a scrollbar), a word split over two
lines, text running out of its element or over a control or a neighbouring element, a box sticking
out of the main column, the page wider than the window, a collapsed sidebar still showing a strip
of itself, a main column that leaves the free width unused, and, next to a widget's label, what is
typed, picked or edited in it written smaller than the label. It returns one line per problem.

Left out on purpose: Plotly's insides (a figure lays out its own text in SVG) and KaTeX's (a wide
formula scrolls sideways in ``.katex-display``: tests/e2e/test_phone_formulas.py), and what a box
scrolls sideways by design (code, the tabs' strip with its arrows). Closed expanders are opened and
every tab is shown, so that their content is checked too.

One browser context per size: the large text is switched on once, on the playground (where the
teacher did), and kept across pages since they are opened with the sidebar's links (a ``goto``
would start a new session).
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from attnviz.ui.pages import PAGES
from tests.e2e.conftest import open_app, rerun_asks, save_screenshot, start_server, stop_server, wait_idle

SIZES = {
    "projector-1280x720-sidebar-open": {"width": 1280, "height": 720, "large": True, "collapse": False},
    "projector-1280x720-sidebar-collapsed": {"width": 1280, "height": 720, "large": True, "collapse": True},
    "projector-1024x768-sidebar-collapsed": {"width": 1024, "height": 768, "large": True, "collapse": True},
    "phone-390x844": {"width": 390, "height": 844, "large": False, "collapse": False, "mobile": True},
}
# the playground first: the large text is switched on there
PATHS = ["playground"] + [p.url_path or "" for p in PAGES if p.url_path != "playground"]
SETTLE_S = 5  # figures and expanders take a moment to reach their final size

FIT_PROBLEMS = """
() => {
  const problems = [];
  const seen = new Set();
  const describe = (el) => {
    const names = [];
    for (let up = el; up && up !== document.body && names.length < 3; up = up.parentElement)
      if (up.dataset && up.dataset.testid) names.push(up.dataset.testid);
    return `${el.tagName.toLowerCase()}${names.length ? " in " + names.join(" < ") : ""}`;
  };
  const report = (el, text, what) => {
    const key = `${what}|${(text || "").slice(0, 60)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const snippet = (text || "").trim().replace(/\\s+/g, " ").slice(0, 60);
    problems.push({ element: describe(el), text: snippet, problem: what });
  };
  const px = Math.round;
  const main = document.querySelector("[data-testid=stMain]");
  const block = document.querySelector("[data-testid=stMainBlockContainer]");
  const sidebar = document.querySelector("[data-testid=stSidebar]");
  const collapsed = !sidebar || sidebar.dataset.collapsed === "true";

  // --- the page as a whole -----------------------------------------------------------------
  const wider = Math.max(document.documentElement.scrollWidth - innerWidth, main.scrollWidth - main.clientWidth);
  if (wider > 1) report(main, "", `the page is ${wider} px wider than the window (${innerWidth} px)`);
  const sideRight = sidebar ? sidebar.getBoundingClientRect().right : 0;
  if (collapsed && sidebar && sideRight > 1 && getComputedStyle(sidebar).visibility !== "hidden")
    report(sidebar, "", `the collapsed sidebar still shows a ${px(sideRight)} px strip`);
  const blockStyle = getComputedStyle(block);
  const blockBox = block.getBoundingClientRect();
  const contentLeft = blockBox.left + parseFloat(blockStyle.paddingLeft);
  const contentRight = blockBox.right - parseFloat(blockStyle.paddingRight);
  const free = innerWidth - (collapsed ? 0 : sideRight);
  const width = contentRight - contentLeft;
  if (width < 0.75 * free)
    report(block, "", `the main column is ${px(width)} px wide of ${px(free)} px free (from ${px(blockBox.left)} px)`);

  // --- what is checked ------------------------------------------------------------------------
  const IGNORED = [".katex", ".katex-display", ".js-plotly-plot", "svg", "script", "style", "noscript",
    "[data-testid=stSidebar][data-collapsed=true]", "[data-testid=stDecoration]"].join(", ");
  // drawn: not hidden, nor in a closed expander (a closed <details> keeps its content laid out)
  const shown = (el) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  // for screen readers only: clipped to nothing on purpose
  const tucked = (el) => {
    for (let up = el, depth = 0; up && depth < 6; up = up.parentElement, depth++) {
      const s = getComputedStyle(up);
      if (s.clipPath !== "none" || s.clip !== "auto") return true;
    }
    return false;
  };
  // boxes that scroll sideways on purpose (code, the tabs' strip): what they hold may be wider.
  // Not the page nor the sidebar (they scroll up and down), nor a segmented control: its strip of
  // options scrolls without a scrollbar, so the options past its edge are simply missing.
  const scrollers = [...document.querySelectorAll("body *:not(svg *)")].filter((el) => {
    const s = getComputedStyle(el);
    return ["auto", "scroll"].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1
      && el !== main && !el.matches("[data-testid=stSidebarContent], [data-testid=stButtonGroup] *");
  });
  const inScroller = (el) => scrollers.some((s) => s !== el && s.contains(el));
  const boxesOf = (thing) => [...thing.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);

  // --- text: cut off, broken inside a word, out of its box, over something else -----------------
  const FIELDS = "input:not([type=checkbox]):not([type=radio]):not([type=range]):not([type=file]), textarea";
  const others = [...document.querySelectorAll(
    `[data-testid=stElementContainer], ${FIELDS}, button, [role=slider], canvas, img`
  )].filter((el) => !el.closest(IGNORED) && shown(el) && !tucked(el))
    .map((el) => ({ el, box: el.getBoundingClientRect() }))
    .filter(({ box }) => box.width >= 4 && box.height >= 4);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    const el = node.parentElement;
    if (!text.trim() || !el || el.closest(IGNORED) || !shown(el) || tucked(el)) continue;
    range.selectNodeContents(node);
    const lines = boxesOf(range);  // one box per line the text takes
    if (!lines.length) continue;
    const slack = 0.3 * parseFloat(getComputedStyle(el).fontSize);  // a line box's own overhang
    // cut off by a box that hides its overflow; a box scrolling sideways on purpose ends the search
    for (let up = el, cut = false; up && up !== document.body && up !== main && !cut; up = up.parentElement) {
      if (scrollers.includes(up)) break;
      const s = getComputedStyle(up);
      const side = up.matches("[data-testid=stSidebarContent]");  // scrolls up and down: only its sides cut
      const hideX = s.overflowX !== "visible", hideY = !side && ["hidden", "clip"].includes(s.overflowY);
      if (hideX || hideY) {
        const r = up.getBoundingClientRect();
        const left = r.left + up.clientLeft, top = r.top + up.clientTop;
        const right = left + up.clientWidth, bottom = top + up.clientHeight;
        for (const line of lines) {
          if (hideX && (line.right > right + 1 || line.left < left - 1)) {
            const hidden = px(Math.max(line.right - right, left - line.left));
            const where = line.right > right + 1 ? "right" : "left";
            report(el, text, `text cut off at the ${where} by ${describe(up)} (${hidden} px hidden)`);
            cut = true; break;
          }
          if (hideY && (line.bottom > bottom + slack || line.top < top - slack)) {
            report(el, text, `text cut off ${line.bottom > bottom + slack ? "below" : "above"} by ${describe(up)}`);
            cut = true; break;
          }
        }
      }
      if (side) break;
    }
    if (inScroller(el)) continue;
    // a word broken over two lines (after a hyphen or a slash is a break between words)
    if (new Set(lines.map((l) => Math.round(l.top))).size > 1) {
      for (const m of text.matchAll(/[^\\s\\-\\/\\u2010-\\u2015]{2,}/g)) {
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const parts = boxesOf(range);
        if (parts.some((p) => Math.abs(p.top - parts[0].top) > 3)) {
          report(el, text, `the word "${m[0]}" is broken over two lines`);
          break;
        }
      }
    }
    // out of its element's box, over its neighbour (a long word in a narrow column)
    const own = el.closest("[data-testid=stElementContainer]");
    if (own && !el.closest("[data-testid=stSidebar]")) {
      const r = own.getBoundingClientRect();
      const out = Math.max(...lines.map((l) => Math.max(l.right - r.right, r.left - l.left)));
      if (out > 1) report(el, text, `text runs ${px(out)} px out of its element's box`);
    }
    // over a control or another element
    for (const line of lines) {
      const hit = others.find(({ el: other, box }) => !other.contains(el) && !el.contains(other)
        && Math.min(line.right, box.right) - Math.max(line.left, box.left) > 2
        && Math.min(line.bottom, box.bottom) - Math.max(line.top, box.top) > 2);
      if (hit) {
        const name = (hit.el.innerText || hit.el.getAttribute("aria-label") || "").trim().slice(0, 30);
        report(el, text, `text overlaps ${describe(hit.el)} ("${name}")`);
        break;
      }
    }
  }

  // --- a picked value cut off (a select box shows it in an <input>, on one line) ---------------
  for (const input of document.querySelectorAll("[data-testid=stSelectbox] input"))
    if (shown(input) && input.scrollWidth > input.clientWidth + 1)
      report(input, input.value, `the value shown is cut off (${input.scrollWidth - input.clientWidth} px hidden)`);

  // --- boxes sticking out of the main column ------------------------------------------------
  // a box that shows something (not an empty handle, such as the data editor's resize corner)
  const painted = (el) => {
    if (el.matches("img, canvas, svg, input, textarea, iframe, video") || el.innerText?.trim()) return true;
    const s = getComputedStyle(el);
    const border = (side) => parseFloat(s[`border${side}Width`]) > 0 && s[`border${side}Style`] !== "none";
    return s.backgroundColor !== "rgba(0, 0, 0, 0)" || s.backgroundImage !== "none" || s.boxShadow !== "none"
      || ["Top", "Right", "Bottom", "Left"].some(border);
  };
  const outside = [];
  for (const el of block.querySelectorAll("*")) {
    if (el.closest(".js-plotly-plot svg, .katex, .katex-display") || outside.some((o) => o.contains(el))) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || (r.right <= contentRight + 1 && r.left >= contentLeft - 1)) continue;
    if (!shown(el) || tucked(el) || inScroller(el) || !painted(el)) continue;
    if (getComputedStyle(el).position === "fixed") continue;
    outside.push(el);
    const by = px(Math.max(r.right - contentRight, contentLeft - r.left));
    report(el, el.innerText || "", `sticks out of the main column by ${by} px`);
  }

  // --- what is typed, picked or edited is as large as the labels -----------------------------
  const labelSizes = [];
  for (const label of block.querySelectorAll("[data-testid=stWidgetLabel]")) {
    const widget = label.closest("[data-testid=stElementContainer]");
    const p = label.querySelector("p");
    if (!widget || !p || !shown(p)) continue;
    const size = parseFloat(getComputedStyle(p).fontSize);
    labelSizes.push(size);
    for (const value of widget.querySelectorAll(FIELDS)) {
      const valueSize = parseFloat(getComputedStyle(value).fontSize);
      if (shown(value) && valueSize < 0.95 * size) {
        report(value, p.textContent, `what is typed or picked here is ${px(valueSize)} px, its label ${px(size)} px`);
        break;
      }
    }
  }
  // the data editor and st.dataframe draw their cells on a canvas, in the font their theme names
  labelSizes.sort((a, b) => a - b);
  const labelSize = labelSizes[Math.floor(labelSizes.length / 2)];
  if (labelSize) for (const grid of block.querySelectorAll(".stDataFrameGlideDataEditor")) {
    const font = grid.style.getPropertyValue("--gdg-base-font-style").match(/([\\d.]+)px/);
    if (font && shown(grid) && parseFloat(font[1]) < 0.85 * labelSize)
      report(grid, "", `the table's cells are ${font[1]} px, the labels ${px(labelSize)} px`);
  }
  return problems;
}
"""


def _settled_problems(page) -> list[dict]:
    """The check's problems once the page has settled: figures and opening expanders reach their
    final size a little after the run is drawn, so poll until no problem is left, for a while."""
    deadline = time.monotonic() + SETTLE_S
    while True:
        problems = page.evaluate(FIT_PROBLEMS)
        if not problems or time.monotonic() > deadline:
            return problems
        time.sleep(0.25)  # the poll interval


def _open(page, path: str) -> None:
    """Open the page at ``path`` with the sidebar's link, in this session."""
    if page.evaluate("() => location.pathname.replace(/^\\//, '')") == path:
        return
    asks = rerun_asks(page)
    page.evaluate(
        """(path) => [...document.querySelectorAll('[data-testid=stSidebarNav] a')]
             .find((a) => new URL(a.href).pathname.replace(/^\\//, '') === path).click()""",
        path,
    )
    page.wait_for_function("(path) => location.pathname.replace(/^\\//, '') === path", arg=path)
    wait_idle(page, since=asks)
    page.wait_for_selector("[data-testid=stMainBlockContainer] h1")


def _check_every_part(page, path: str) -> list[str]:
    """Problems on the page as opened, with every expander open, and on each of its tabs."""
    page.evaluate(
        "() => document.querySelectorAll('details:not([open]) > summary').forEach((s) => s.click())"
    )
    page.wait_for_function("() => !document.querySelector('details:not([open])')")
    found = [(path, "", p) for p in _settled_problems(page)]
    tabs = page.locator("[data-testid=stMainBlockContainer] [role=tab]")
    for i in range(tabs.count()):
        tab = tabs.nth(i)
        if tab.get_attribute("aria-selected") != "true":
            tab.click()
            expect(tab).to_have_attribute("aria-selected", "true")
            panel = page.locator(f"[id='{tab.get_attribute('aria-controls')}']")
            expect(panel).to_be_visible()
        found += [(path, tab.inner_text(), p) for p in _settled_problems(page)]
    return found


@pytest.fixture(scope="module")
def fit_server(tmp_path_factory, browser):
    process, base, _ = start_server(tmp_path_factory.mktemp("screens_fit_home"))
    yield base
    stop_server(process)


@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_fits_the_screen(browser, fit_server, size):
    spec = SIZES[size]
    context = browser.new_context(
        viewport={"width": spec["width"], "height": spec["height"]},
        locale="es-ES",
        is_mobile=spec.get("mobile", False),
    )
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        open_app(page, f"{fit_server}/{PATHS[0]}")
        if spec["large"]:
            page.get_by_text("Texto grande (proyector)").click()
            wait_idle(page)
            expect(page.locator(".st-key-large_text input")).to_be_checked()
        if spec["collapse"]:
            page.locator("[data-testid=stSidebarCollapseButton] button").click()
            page.wait_for_selector("[data-testid=stSidebar][data-collapsed=true]", state="attached")

        problems = []
        for path in PATHS:
            _open(page, path)
            collapsed = page.get_attribute("[data-testid=stSidebar]", "data-collapsed") == "true"
            assert collapsed == (spec["collapse"] or spec.get("mobile", False)), (
                f"/{path}: the sidebar changed"
            )
            found = _check_every_part(page, path)
            if found:
                save_screenshot(page, f"screens_fit_{size}_{path or 'home'}")
            problems.extend(found)

        def line(where) -> str:
            path, tab, p = where
            place = f"/{path}" + (f" [{tab}]" if tab else "")
            return f"  {place}: {p['problem']} — {p['element']}" + (f" «{p['text']}»" if p["text"] else "")

        assert not problems, f"{len(problems)} problems at {size}:\n" + "\n".join(map(line, problems))
    finally:
        context.close()
