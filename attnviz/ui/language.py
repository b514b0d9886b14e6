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
        on_change=_resend_choices,
    )
    return st.session_state[LANG_KEY]


def _resend_choices() -> None:
    """After a language switch, make the browser hold the new language's labels.

    Option widgets (selectbox, radio, segmented control, pills, multiselect, select slider) send a
    choice back as its *label*. After a switch the browser still holds the old language's label,
    which matches no option on the next interaction: Streamlit then resets the choice, or hands the
    foreign label to an ``on_change`` callback. Writing every plain value back through the Session
    State API makes the next run send each widget its value with the new labels. Buttons, uploads
    and data editors (whose values cannot be set this way) hold bools, files and dicts: skipped.
    """
    for key in list(st.session_state.keys()):
        if key != LANG_KEY and _plain(st.session_state[key]):
            st.session_state[key] = st.session_state[key]


def _plain(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (str, int, float)):
        return True
    return isinstance(value, (list, tuple)) and len(value) > 0 and all(_plain(v) for v in value)


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # noqa: BLE001 - AppTest and very old front ends have no locale
        return None
