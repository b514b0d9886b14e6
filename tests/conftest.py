"""Settings for the whole test session."""

import os
import tempfile

# Nothing a test runs may write into the developer's real ~/.attnviz: every test session gets
# its own ATTNVIZ_HOME unless one is given (tests that need their own set it themselves).
os.environ.setdefault("ATTNVIZ_HOME", tempfile.mkdtemp(prefix="attnviz-tests-"))
# Set before any test imports TensorFlow (see README, "Stack").
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import pytest


@pytest.fixture
def isolated_home(tmp_path, monkeypatch):
    """An ATTNVIZ_HOME of the test's own, no teacher password, and no real Hub: HF_ENDPOINT
    points at a closed local port unless a test serves a stand-in Hub itself."""
    from attnviz.nlp import hub

    home = tmp_path / "attnviz-home"
    monkeypatch.setenv("ATTNVIZ_HOME", str(home))
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("ATTNVIZ_TEACHER_PASSWORD", raising=False)
    hub.forget_probe()
    yield home
    hub.forget_probe()


TIERS = {
    "core": "unit",
    "render": "unit",
    "unit": "unit",
    "test_i18n.py": "unit",
    "nlp": "integration",
    "training": "integration",
    "test_cli.py": "integration",
    "app": "app",
    "e2e": "e2e",
}


def pytest_collection_modifyitems(config, items):
    """Mark each test with its tier, from the first folder (or file) under tests/."""
    root = config.rootpath / "tests"
    for item in items:
        try:
            first = item.path.relative_to(root).parts[0]
        except ValueError:
            continue
        tier = TIERS.get(first)
        if tier is None:
            raise pytest.UsageError(f"tests/{first} has no tier: add it to TIERS in tests/conftest.py")
        item.add_marker(tier)


def pytest_sessionfinish(session, exitstatus):
    """Fail the session when any page or command asked for a translation key that exists in no
    language (keys built at run time, ``t(f"ft.state.{state}")``, are only seen this way)."""
    import sys

    i18n = sys.modules.get("attnviz.i18n")
    missing = sorted(getattr(i18n, "MISSING_KEYS", ()))
    if missing:
        print(f"\nTranslation keys asked for but missing in attnviz/i18n: {missing}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
