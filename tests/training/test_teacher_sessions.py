"""Teacher mode survives a reload (the browser's visitor token), for a school day, and only while
the password stays the same; the visitor token itself is checked before it is trusted."""

import pytest

from attnviz.nlp.training.registry import TEACHER_SESSION_SECONDS, JobRegistry, new_owner_token
from attnviz.ui.visitor import clean_token, cookie_script


@pytest.fixture
def registry(tmp_path):
    return JobRegistry(tmp_path / "runs", teacher_password="clase", job_factory=object)


def test_a_remembered_token_is_the_teacher_until_the_day_ends(registry):
    token = new_owner_token()
    registry.remember_teacher(token, now=1000.0)
    assert registry.is_remembered_teacher(token, now=1000.0 + TEACHER_SESSION_SECONDS - 1)
    assert not registry.is_remembered_teacher(token, now=1000.0 + TEACHER_SESSION_SECONDS + 1)
    assert not registry.is_remembered_teacher(new_owner_token(), now=1001.0)


def test_signing_out_or_a_new_password_ends_it(registry):
    first, second = new_owner_token(), new_owner_token()
    registry.remember_teacher(first)
    registry.remember_teacher(second)
    registry.forget_teacher(first)
    assert not registry.is_remembered_teacher(first)
    assert registry.is_remembered_teacher(second)
    registry.teacher_password = "otra"
    assert not registry.is_remembered_teacher(second)
    registry.teacher_password = ""  # no password: nobody is the teacher
    assert not registry.is_remembered_teacher(second)


def test_without_a_password_nothing_is_remembered(tmp_path):
    registry = JobRegistry(tmp_path / "runs", job_factory=object)
    token = new_owner_token()
    registry.remember_teacher(token)
    registry.teacher_password = "clase"
    assert not registry.is_remembered_teacher(token)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "short",
        "x" * 41,
        "abc'def;ghijklmnopq",
        "a b c d e f g h i j",
        "<script>aaaaaaaaaaaaa",
        "ñ" * 20,
    ],
)
def test_a_cookie_that_the_server_could_not_have_made_is_ignored(value):
    assert clean_token(value) == ""


def test_tokens_are_long_random_and_fit_a_cookie():
    tokens = {new_owner_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(clean_token(t) == t and len(t) >= 24 for t in tokens)
    script = cookie_script(next(iter(tokens)))
    assert "attnviz_visitor=" in script and "SameSite=Lax" in script and "max-age=" in script
    with pytest.raises(ValueError):
        cookie_script("x'; document.location='http://evil")
