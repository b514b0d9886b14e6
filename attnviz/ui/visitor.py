"""Who this browser is: a random token the server makes at the first visit, which the browser
keeps in a cookie, so that a reload (or a new tab) still controls the runs it started and keeps
teacher mode.

The token never travels in a URL: an address bar projected in class, or a link passed on, must
not give control of a run. Streamlit has no call that sets a cookie, so a one-line script in an
``st.html`` element writes it (``st.html`` is not iframed: the script runs in the app's own
page); Streamlit hands the cookies of the next websocket connection to ``st.context.cookies``.
The cookie is readable by the page's scripts (not HttpOnly, which only a server response can
set); the app shows no visitor-written HTML, so no other script runs there to read it.
"""

from __future__ import annotations

import streamlit as st

from attnviz.nlp.training.registry import new_owner_token

COOKIE = "attnviz_visitor"
COOKIE_DAYS = 30
OLD_URL_PARAM = "owner"  # where the token travelled before: removed from addresses on sight
_TOKEN_KEY = "visitor.token"
_WRITTEN_KEY = "visitor.cookie_written"
_MIN_LENGTH, _MAX_LENGTH = 16, 40
_TOKEN_ALPHABET = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
)  # urlsafe base64


def clean_token(value) -> str:
    """A token from a cookie, or "" when it is not one the server could have made."""
    text = str(value or "")
    if not (_MIN_LENGTH <= len(text) <= _MAX_LENGTH) or not set(text) <= _TOKEN_ALPHABET:
        return ""
    return text


def _cookie_value() -> str:
    try:
        return clean_token(st.context.cookies.get(COOKIE))
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest) there are no cookies
        return ""


def visitor_token() -> str:
    """This browser's token: the session's, else the cookie's, else a new one."""
    token = st.session_state.get(_TOKEN_KEY) or _cookie_value() or new_owner_token()
    st.session_state[_TOKEN_KEY] = token
    return token


def cookie_script(token: str) -> str:
    """The script that stores ``token`` in the browser (``Secure`` when the page is https)."""
    if clean_token(token) != token:
        raise ValueError("not a visitor token")
    max_age = COOKIE_DAYS * 24 * 3600
    return (
        "<script>document.cookie = "
        f"'{COOKIE}={token}; path=/; max-age={max_age}; SameSite=Lax'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>"
    )


def keep_token_in_browser() -> None:
    """Once per session, when the browser's cookie is not this session's token, write it; and drop
    an ``owner=`` left in the address by an older version of the app. Called by every page."""
    if OLD_URL_PARAM in st.query_params:
        del st.query_params[OLD_URL_PARAM]
    token = visitor_token()
    if st.session_state.get(_WRITTEN_KEY) == token or _cookie_value() == token:
        return
    st.session_state[_WRITTEN_KEY] = token
    st.sidebar.html(cookie_script(token), unsafe_allow_javascript=True)


_PHONE_MARKERS = ("Mobi", "Android", "iPhone", "iPod")


def phone_browser() -> bool:
    """Whether the browser says it is a phone (its User-Agent; a tablet or a desktop says no).
    Only a starting choice rests on this (the model view's layers): the visitor can change it."""
    try:
        agent = str(st.context.headers.get("User-Agent") or "")
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest): no headers
        return False
    return any(marker in agent for marker in _PHONE_MARKERS)
