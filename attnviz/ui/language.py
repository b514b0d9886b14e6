"""The page language: chosen in the sidebar, defaulting to the browser's locale."""
from __future__ import annotations

import streamlit as st

from attnviz.i18n import LANGUAGE_NAMES, LANGUAGES, language_for_locale, translate

LANG_KEY = "lang"


def current_language() -> str:
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = language_for_locale(_browser_locale())
    return st.session_state[LANG_KEY]


def t(key: str, **values: object) -> str:
    """The string for ``key`` in the current language."""
    return translate(current_language(), key, **values)


def language_switch() -> str:
    """The es/en switch in the sidebar. Returns the chosen language."""
    current_language()  # sets the default before the widget is created
    st.sidebar.segmented_control(
        "Idioma / Language",
        LANGUAGES,
        key=LANG_KEY,
        format_func=LANGUAGE_NAMES.get,
        required=True,
    )
    return st.session_state[LANG_KEY]


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # AppTest and very old front ends have no locale
        return None
