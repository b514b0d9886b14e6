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
