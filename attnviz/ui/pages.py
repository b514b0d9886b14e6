"""Every page of the app, listed once: ``app.py`` builds the navigation from it, the home page its
list of pages, and links to a page (``page_link``) take its file and icon from here.

Adding a page: write ``app_pages/<file>.py``, add a :class:`Page` to ``PAGES`` (in menu order), and
add its ``nav.<name>`` (menu title) and ``home.<name>`` (the home page's sentence about it) to both
``attnviz/i18n/es.py`` and ``attnviz/i18n/en.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from attnviz.ui.language import t


@dataclass(frozen=True)
class Page:
    name: str  # short name: the i18n keys nav.<name> and home.<name>
    path: str  # the script, relative to the app's folder
    icon: str  # a Material icon
    url_path: str | None  # the page's URL (kept stable: links are shared); None: the default page

    @property
    def title_key(self) -> str:
        return f"nav.{self.name}"

    @property
    def about_key(self) -> str:
        return f"home.{self.name}"

    @property
    def default(self) -> bool:
        return self.url_path is None


PAGES = (
    Page("home", "app_pages/home.py", ":material/home:", None),
    Page("playground", "app_pages/playground.py", ":material/grid_on:", "playground"),
    Page("fine_tuning", "app_pages/fine_tuning.py", ":material/model_training:", "fine-tuning"),
    Page("heatmaps", "app_pages/heatmaps.py", ":material/grid_view:", "heatmaps"),
    Page("qa", "app_pages/question_answering.py", ":material/question_answer:", "question-answering"),
    Page("translation", "app_pages/translation.py", ":material/translate:", "translation"),
    Page("generation", "app_pages/generation.py", ":material/auto_awesome:", "generation"),
    Page("pretraining", "app_pages/pretraining.py", ":material/edit_note:", "pretraining"),
    Page("blocks", "app_pages/building_blocks.py", ":material/widgets:", "building-blocks"),
)


def page(name: str) -> Page:
    return next(p for p in PAGES if p.name == name)


def navigation() -> list[st.Page]:
    """The pages for ``st.navigation``, with titles in the current language."""
    return [
        st.Page(p.path, title=t(p.title_key), icon=p.icon, default=True)
        if p.default
        else st.Page(p.path, title=t(p.title_key), icon=p.icon, url_path=p.url_path)
        for p in PAGES
    ]


def topic_pages() -> list[Page]:
    """The pages the home page presents (all but itself)."""
    return [p for p in PAGES if not p.default]


def page_link(name: str, label: str | None = None) -> None:
    """A link to the page ``name`` (its menu title unless ``label`` says otherwise)."""
    target = page(name)
    st.page_link(target.path, label=label or t(target.title_key), icon=target.icon)
