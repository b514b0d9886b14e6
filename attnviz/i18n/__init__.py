"""Every string the app shows, one module per language (``es.py``, ``en.py``).

Keys are dotted (``page.item``); values may hold ``{placeholders}`` filled by
:func:`translate`. A test checks both languages have the same keys and placeholders.
"""

from __future__ import annotations

from attnviz.i18n import en, es

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
LANGUAGE_NAMES = {"es": "Español", "en": "English"}

_TABLES = {"es": es.STRINGS, "en": en.STRINGS}

# Keys asked for and found in no language (most are built at run time, ``t(f"ft.state.{state}")``):
# the test session fails when this is not empty at its end (tests/conftest.py).
MISSING_KEYS: set[str] = set()


def language_for_locale(locale: str | None) -> str:
    """The app language for a browser locale such as ``en-US``; Spanish otherwise."""
    if locale:
        base = locale.replace("_", "-").split("-")[0].lower()
        if base in _TABLES:
            return base
    return DEFAULT_LANGUAGE


def translate(lang: str, key: str, **values: object) -> str:
    """The string for ``key`` in ``lang`` with placeholders filled.

    A missing key falls back to Spanish, then to the key itself, so a gap in a
    translation shows up on screen instead of breaking the page.
    """
    table = _TABLES.get(lang, _TABLES[DEFAULT_LANGUAGE])
    text = table.get(key, _TABLES[DEFAULT_LANGUAGE].get(key))
    if text is None:
        MISSING_KEYS.add(key)
        text = key
    return text.format(**values) if values else text


def has_key(key: str) -> bool:
    """Whether ``key`` has a string (for codes that may or may not have one: a run's error)."""
    return key in _TABLES[DEFAULT_LANGUAGE]


def keys(lang: str) -> set[str]:
    return set(_TABLES[lang])
