"""Hosted mode (ATTNVIZ_HOSTED, Community Cloud, or a visitor from another machine): no Hub ids or
server paths from visitors or links, and starting, importing, deleting need the teacher."""

from __future__ import annotations

from pathlib import Path

import pytest

from attnviz.i18n import translate
from attnviz.nlp.training.registry import JobRegistry, Who
from attnviz.ui import hosting
from tests.app.apptest_helpers import open_page, texts


@pytest.fixture(autouse=True)
def home(isolated_home):
    return isolated_home


@pytest.fixture
def hosted(monkeypatch):
    monkeypatch.setenv("ATTNVIZ_HOSTED", "1")


OTHER = translate("es", "models.picker.other")
PATH = translate("es", "data.picker.path")


def test_the_setting_and_the_community_cloud_signal(monkeypatch, tmp_path):
    monkeypatch.setenv("ATTNVIZ_HOSTED", "on")
    assert hosting.hosted()
    monkeypatch.setenv("ATTNVIZ_HOSTED", "0")
    assert not hosting.hosted()
    monkeypatch.setenv("ATTNVIZ_HOSTED", "auto")
    monkeypatch.setenv("USER", "someone")
    assert not hosting.on_community_cloud(tmp_path / "app.py")
    assert not hosting.hosted()  # this machine, no browser address: the person at the server
    monkeypatch.setattr(hosting, "CLOUD_SOURCE_ROOT", tmp_path)  # fake Community Cloud's checkout
    assert hosting.on_community_cloud(tmp_path / "repo" / "app.py")
    monkeypatch.setattr(hosting, "on_community_cloud", lambda app_file=None: True)
    assert hosting.hosted()
    monkeypatch.setattr(hosting, "on_community_cloud", lambda app_file=None: False)
    monkeypatch.setenv("USER", hosting.CLOUD_USER)  # the other signal: Community Cloud's user
    assert hosting.CLOUD_USER == "appuser"


def test_a_restricted_visitor_needs_the_teacher(tmp_path):
    registry = JobRegistry(tmp_path / "runs")
    assert registry.may_start(Who("me")) and registry.may_delete("x", Who("me"))
    assert not registry.may_start(Who("me", restricted=True))
    assert not registry.may_delete("x", Who("me", restricted=True))
    registry.teacher_password = "secret"
    assert registry.may_start(Who("t", teacher=True, restricted=True))


def test_hosted_fine_tuning_offers_no_free_sources_and_says_how_to_become_teacher(hosted):
    at = open_page("app_pages/fine_tuning.py")
    assert not at.exception
    assert OTHER not in at.selectbox(key="ft.model.choice").options
    assert PATH not in at.selectbox(key="ft.data.choice").options
    assert translate("es", "hosting.no_password") in texts(at)
    assert at.button(key="ft.start").disabled


def test_a_link_cannot_make_a_hosted_server_download_or_read(hosted, home):
    from tests.helpers.tiny_models import make_tiny_classifier_dir

    make_tiny_classifier_dir(home / "models", "distilbert", name="placed-by-teacher")
    at = open_page("app_pages/heatmaps.py", query={"mode": "pretrained", "pretrained": "some/repo"})
    assert not at.exception
    assert translate("es", "hosting.link_model_refused") in texts(at)
    assert sorted(p.parent.name for p in Path(home).rglob("config.json")) == ["placed-by-teacher"]
    at = open_page("app_pages/heatmaps.py", query={"mode": "pretrained", "pretrained": "/etc"})
    assert not at.exception and translate("es", "hosting.link_model_refused") in texts(at)


def test_not_hosted_the_person_at_the_server_keeps_every_freedom(monkeypatch):
    monkeypatch.setenv("ATTNVIZ_HOSTED", "0")
    at = open_page("app_pages/fine_tuning.py")
    assert OTHER in at.selectbox(key="ft.model.choice").options
    assert PATH in at.selectbox(key="ft.data.choice").options
    assert translate("es", "hosting.no_password") not in texts(at)


@pytest.mark.parametrize(
    ("address", "local"),
    [
        (None, True),  # Streamlit's answer for 127.0.0.1 and ::1
        ("::ffff:127.0.0.1", True),  # a server on every interface sees 127.0.0.1 this way
        ("127.0.0.2", True),
        ("::1", True),
        ("192.168.1.23", False),  # a student on the classroom network
        ("::ffff:192.168.1.23", False),
        ("fe80::1%eth0", False),
        ("not an address", False),
    ],
)
def test_who_is_on_the_servers_own_machine(address, local):
    from attnviz.ui.hosting import is_loopback

    assert is_loopback(address) is local
