"""Both languages have every string, with the same placeholders, and the code only asks for keys that exist."""

import re
import string
from pathlib import Path

import pytest

from attnviz.i18n import MISSING_KEYS, en, es, keys, language_for_locale, translate

ROOT = Path(__file__).resolve().parents[1]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_keys_in_both_languages():
    assert keys("es") - keys("en") == set()
    assert keys("en") - keys("es") == set()


def test_same_placeholders():
    """One test for every key: it lists every mismatch at once."""
    mismatches = {
        key: (sorted(placeholders(es.STRINGS[key])), sorted(placeholders(en.STRINGS.get(key, ""))))
        for key in sorted(es.STRINGS)
        if placeholders(es.STRINGS[key]) != placeholders(en.STRINGS.get(key, ""))
    }
    assert mismatches == {}


def code_files() -> list[Path]:
    return [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("attnviz/**/*.py")]


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in code_files():
        used |= set(re.findall(r"\bt\(\s*\"([a-z_]+\.[a-z0-9_.]+)\"", path.read_text(encoding="utf-8")))
    assert used, "the scan found no t(...) calls: the pattern is broken"
    missing = sorted(k for k in used if k not in es.STRINGS)
    assert missing == []


# t(f"ft.state.{state}") or translate(lang, f"qa.example.{n}.label"): the key's fixed parts
BUILT_KEY = re.compile(r"\b(?:t|translate)\((?:\s*\w+,)?\s*f\"([a-z_]+\.[^\"]*\{[^\"]*)\"")


def test_every_key_built_at_run_time_has_a_family():
    """Each ``f"prefix.{value}.suffix"`` key names at least one key in both languages. Which values
    reach it is checked as the tests run: a missing key fails the session (tests/conftest.py)."""
    patterns = {}
    for path in code_files():
        for template in BUILT_KEY.findall(path.read_text(encoding="utf-8")):
            fixed = [re.escape(part) for part in re.split(r"\{[^}]*\}", template)]
            patterns[template] = re.compile("[A-Za-z0-9_]+".join(fixed) + "$")
    assert len(patterns) > 20, "the scan found too few built keys: the pattern is broken"
    orphans = sorted(
        template
        for template, pattern in patterns.items()
        if not any(pattern.match(k) for k in es.STRINGS) or not any(pattern.match(k) for k in en.STRINGS)
    )
    assert orphans == []


@pytest.mark.parametrize(
    ("family", "codes"),
    [
        ("ft.problem", "problem_codes"),
        ("nlp.error", "nlp_error_codes"),
    ],
)
def test_every_error_code_has_a_sentence(family, codes):
    """Problem and error codes are written as literals where they are raised; each has its text."""
    sources = {
        "problem_codes": r"\bProblem\(\s*\"([a-z_]+)\"",
        "nlp_error_codes": r"\bNlpError\(\s*\"([a-z_]+)\"",
    }
    found = set()
    for path in code_files():
        if path.parent.name not in ("cli", "benchmarks"):  # the command line speaks English, from the error
            found |= set(re.findall(sources[codes], path.read_text(encoding="utf-8")))
    assert found, f"no {codes} found: the pattern is broken"
    assert sorted(code for code in found if f"{family}.{code}" not in es.STRINGS) == []


def test_locale_default():
    assert language_for_locale("en-US") == "en"
    assert language_for_locale("es_MX") == "es"
    assert language_for_locale("fr-FR") == "es"
    assert language_for_locale(None) == "es"


def test_translate_fills_placeholders_and_falls_back():
    assert translate("en", "playground.head_title", head=3) == "Head 3"
    assert translate("es", "playground.head_title", head=3) == "Cabeza 3"
    assert translate("en", "no.such.key") == "no.such.key"
    assert "no.such.key" in MISSING_KEYS
    MISSING_KEYS.discard("no.such.key")  # asked for on purpose: not a gap for the session check
