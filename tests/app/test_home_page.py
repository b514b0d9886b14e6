"""The home page and the shared sidebar controls, through Streamlit's AppTest."""

from tests.app.apptest_helpers import open_page, tr


def test_home_in_spanish_by_default():
    at = open_page()
    assert at.title[0].value == tr("home.title")
    assert any(link.proto.label == tr("nav.playground") for link in at.get("page_link"))


def test_language_switch_changes_the_page():
    at = open_page()
    at.button_group(key="lang").set_value("en").run()
    assert at.title[0].value == tr("home.title", "en")
    assert at.toggle(key="large_text").label == tr("display.large_text", "en")


def test_large_text_option_adds_the_css():
    def css(at) -> str:
        return "".join(str(h.proto.body) for h in at.get("html"))

    at = open_page()
    # the page's 125 % follows the switch itself, in the CSS every page has (see ui/display)
    assert "html:has(.st-key-large_text input:checked) { font-size: 125%; }" in css(at)
    assert "min-width: 20rem" not in css(at)
    at.toggle(key="large_text").set_value(True).run()
    assert "min-width: 20rem" in css(at)  # the rest comes with the switch
    # the page is drawn in a container named after the size: switching redraws every table
    assert any(b.proto.id.endswith("-page_large_text") for b in at.main.children.values())


def test_the_styles_hold_nothing_like_a_tag():
    """The browser's sanitizer of st.html drops a whole <style> whose text holds "<input" or the
    like (even in a CSS comment): the page would silently lose every rule in it."""
    import re

    from attnviz.ui import display

    for css in (display._ALWAYS_CSS, display._LARGE_TEXT_CSS):
        body = css.strip().removeprefix("<style>").removesuffix("</style>")
        assert not re.search(r"<[/\w!]", body)


def test_every_page_is_listed_once_and_linked_from_home():
    from attnviz.ui.pages import PAGES

    assert len({p.path for p in PAGES}) == len({p.url_path for p in PAGES}) == len(PAGES)
    assert [p.url_path for p in PAGES if p.default] == [None]
    at = open_page()
    links = [link.proto.page for link in at.get("page_link")]
    assert links == [p.url_path for p in PAGES if not p.default]
