"""Both languages have every string, with the same placeholders, and the code only asks for keys that exist."""

import re
import string
from pathlib import Path

import pytest

from attnviz.i18n import en, es, keys, language_for_locale, translate

ROOT = Path(__file__).resolve().parents[1]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_keys_in_both_languages():
    assert keys("es") - keys("en") == set()
    assert keys("en") - keys("es") == set()


@pytest.mark.parametrize("key", sorted(es.STRINGS))
def test_same_placeholders(key):
    assert placeholders(es.STRINGS[key]) == placeholders(en.STRINGS[key]), key


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("attnviz/**/*.py")]:
        used |= set(re.findall(r"\bt\(\s*\"([a-z_]+\.[a-z0-9_.]+)\"", path.read_text(encoding="utf-8")))
    assert used, "the scan found no t(...) calls: the pattern is broken"
    missing = sorted(k for k in used if k not in es.STRINGS)
    assert missing == []


def test_locale_default():
    assert language_for_locale("en-US") == "en"
    assert language_for_locale("es_MX") == "es"
    assert language_for_locale("fr-FR") == "es"
    assert language_for_locale(None) == "es"


def test_translate_fills_placeholders_and_falls_back():
    assert translate("en", "playground.head_title", head=3) == "Head 3"
    assert translate("es", "playground.head_title", head=3) == "Cabeza 3"
    assert translate("en", "no.such.key") == "no.such.key"
