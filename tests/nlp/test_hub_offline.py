"""No network: every path that needs the Hub fails fast with HubUnreachable, never hangs."""

import socket
import time

import pytest

from attnviz.nlp import hub
from attnviz.nlp.errors import HubUnreachable, NlpError
from attnviz.nlp.loading import resolve_model_folder


def test_offline_setting_fails_at_once(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    started = time.monotonic()
    with pytest.raises(HubUnreachable) as caught:
        resolve_model_folder("distilbert-base-uncased")
    assert time.monotonic() - started < 0.5
    assert caught.value.code == "hub_unreachable"
    assert "local model folder" in str(caught.value)


def test_refused_connection_fails_fast():
    started = time.monotonic()
    with pytest.raises(HubUnreachable):
        hub.download_dataset("imdb")
    assert time.monotonic() - started < 3


def test_silent_server_is_abandoned_after_the_probe_timeout(monkeypatch):
    # A listener that accepts TCP connections but never answers: the worst case for a hang.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{silent.getsockname()[1]}")
        started = time.monotonic()
        with pytest.raises(HubUnreachable):
            hub.check_hub(timeout=1.0)
        assert time.monotonic() - started < 2.5
        # The answer is remembered for a while: a page rerun does not wait again.
        started = time.monotonic()
        with pytest.raises(HubUnreachable):
            resolve_model_folder("org/some-model")
        assert time.monotonic() - started < 0.5


def test_missing_local_paths_are_not_sent_to_the_hub(tmp_path):
    for source in (str(tmp_path / "nope"), "./relative/model", "runs/x/model"):
        with pytest.raises(NlpError) as caught:
            resolve_model_folder(source)
        assert caught.value.code == "model_not_found", source


def test_invalid_hub_id_is_explained():
    with pytest.raises(NlpError) as caught:
        hub.download_model("not a valid id!")
    assert caught.value.code == "bad_source"


def test_a_folder_without_weights_is_not_a_model(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(NlpError) as caught:
        resolve_model_folder(tmp_path)
    assert caught.value.code == "not_a_model"
