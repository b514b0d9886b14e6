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
    at = open_page()
    at.toggle(key="large_text").set_value(True).run()
    assert any("font-size: 125%" in str(h.proto.body) for h in at.get("html"))


def test_every_page_is_listed_once_and_linked_from_home():
    from attnviz.ui.pages import PAGES

    assert len({p.path for p in PAGES}) == len({p.url_path for p in PAGES}) == len(PAGES)
    assert [p.url_path for p in PAGES if p.default] == [None]
    at = open_page()
    links = [link.proto.page for link in at.get("page_link")]
    assert links == [p.url_path for p in PAGES if not p.default]
