"""The translation page through AppTest: offline, nothing trained says so and offers training;
a translator trained in the background (a few steps here) gives a translation, the decoder's choices
and the three attentions (the decoder's causal); the training replay."""

import shutil

import numpy as np
import pytest

from tests.app.apptest_helpers import chart, open_page, plotly_array, texts, title, tr, tr_pattern

PAGE = "app_pages/translation.py"


def test_nothing_trained_offers_training(home):
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == tr("translation.title")
    assert at.button(key="tr.train").label == tr("translation.train")
    assert not at.button(key="tr.train").disabled
    assert not at.get("plotly_chart")


def test_a_trained_translator_translates_and_shows_three_attentions(home):
    from attnviz.nlp import tiny_translator as tt
    from attnviz.nlp.translator_job import TranslatorJob

    job = TranslatorJob(home, steps=40, config=tt.TinyTranslatorConfig(d_model=32, ffn=64, batch_size=32))
    job.start()
    assert job.wait(300) and job.progress().state == "done", job.progress().error
    at = open_page(PAGE, timeout=240)
    assert not at.exception and not at.error
    assert at.button(key="tr.train").label == tr("translation.train_again")
    page = texts(at)
    assert tr_pattern("translation.output").search(page)
    assert tr_pattern("translation.choice").search(page)
    cross = chart(at, "tr.cross")
    assert title(cross) == tr("translation.cross_chart")
    weights = plotly_array(cross["data"][0]["z"])
    assert np.allclose(weights.sum(axis=1), 1, atol=1e-3)  # each decoder step's row sums to 1
    decoder = chart(at, "tr.decoder")
    assert tr("translation.causal_why") in page
    assert title(decoder) == tr("translation.decoder_chart")
    shown = plotly_array(decoder["data"][-1]["z"]).astype(float)  # the weights; masked cells are gaps
    upper = np.triu(np.ones_like(shown, dtype=bool), 1)
    assert np.isnan(shown[upper]).all() and not np.isnan(shown[~upper]).any()
    assert title(chart(at, "tr.encoder")) == tr("translation.encoder_chart")
    # another date, in English
    at.text_input(key="tr.source").input("March 3, 1999").run()
    assert not at.exception
    # the replay: snapshots from step 0 to the end
    slider = at.select_slider(key="tr.replay")
    assert slider.options[0] == "0" and slider.options[-1] == "40"
    slider.set_value(0).run()
    assert title(chart(at, "tr.replay_chart")) == tr("translation.replay_chart", step=0)
    assert at.get("download_button")  # the three matrices as CSV
    assert at.query_params["text"] == "March 3, 1999" and at.query_params["head"] == "mean"

    # a link reproduces the text, layer and head; what cannot be read is said, not fatal
    linked = open_page(PAGE, query={"text": "May 3, 2001", "layer": "1", "head": "2"}, timeout=240)
    assert linked.text_input(key="tr.source").value == "May 3, 2001"
    assert linked.selectbox(key="tr.layer").value == 0 and linked.selectbox(key="tr.head").value == 1
    bad = open_page(PAGE, query={"layer": "abc", "head": "99"}, timeout=240)
    assert not bad.exception
    assert tr("translation.link_unreadable", names="layer") in texts(bad)
    assert bad.selectbox(key="tr.head").value == "mean"  # a head beyond the model falls back


def test_a_locked_server_lets_only_the_teacher_train(home, monkeypatch):
    monkeypatch.setenv("ATTNVIZ_TEACHER_PASSWORD", "clase")
    at = open_page(PAGE)
    assert at.button(key="tr.train").disabled
    assert tr("live.teacher_only") in texts(at)


# --- pretrained translators (tiny random Marian / T5 folders in the Hub's layout) -------------------


@pytest.fixture(scope="module")
def translator_dirs(tmp_path_factory):
    from tests.helpers.tiny_models import make_tiny_translator_dir

    root = tmp_path_factory.mktemp("page-translators")
    return {arch: make_tiny_translator_dir(root, arch) for arch in ("marian", "t5")}


def test_a_pretrained_translator_offline_says_how_to_fetch_it(home):
    at = open_page(PAGE, query={"model": "opus-mt-es-en", "text": "Hola, mundo."})
    assert not at.exception and not at.error
    assert at.selectbox(key="tr.model").value == "opus-mt-es-en"
    assert tr_pattern("translation.offline", name="opus-mt-es-en", mb=315).search(texts(at))
    assert "prefetch --model opus-mt-es-en" in texts(at)
    assert not at.get("plotly_chart")
    at.selectbox(key="tr.model").set_value("tiny").run()  # the tiny translator needs no network
    assert not at.exception and at.button(key="tr.train").label == tr("translation.train")


def test_a_marian_folder_translates_and_merges_pieces_into_words(home, translator_dirs):
    shutil.copytree(translator_dirs["marian"], home / "models" / "opus-mt-es-en")
    at = open_page(PAGE, query={"model": "opus-mt-es-en"}, timeout=240)
    assert not at.exception and not at.error
    from attnviz.ui.translation_views import EXAMPLES

    assert at.text_input(key="tr.source").value == EXAMPLES["opus-mt-es-en"][0]  # not a date
    assert tr_pattern("translation.output").search(texts(at))
    pieces = plotly_array(chart(at, "tr.cross")["data"][0]["z"])
    assert np.allclose(pieces.sum(axis=1), 1, atol=1e-3)
    at.toggle(key="tr.merge").set_value(True).run()
    assert not at.exception
    words = plotly_array(chart(at, "tr.cross")["data"][0]["z"])
    assert words.shape[1] < pieces.shape[1]  # "▁gat" + "o" ... became words
    assert np.allclose(words.sum(axis=1), 1, atol=1e-3)  # still a distribution per row
    assert tr("translation.t5_note") not in texts(at)  # Marian scales by 1/sqrt(d_k)
    assert at.query_params["model"] == "opus-mt-es-en"
    labels = [b.proto.label for b in at.get("download_button")]
    assert tr("translation.csv") in labels and tr("translation.json") in labels
    # one head with its own numbers, and a copy for the playground
    assert tr("translation.head_pick") in texts(at)
    at.selectbox(key="tr.head").set_value(1).run()
    assert not at.exception
    about = tr_pattern("translation.head_about", layer=2, head=2).search(texts(at))
    assert about and float(about.group(0).rsplit(" ", 1)[-1].strip(").")) < 1e-5
    link = at.get("link_button")[0].proto.url
    assert link.startswith("playground?") and "scale=0" not in link


def test_t5_says_it_does_not_scale_and_shows_its_prefix(home, translator_dirs):
    shutil.copytree(translator_dirs["t5"], home / "models" / "t5-small")
    at = open_page(PAGE, query={"model": "t5-small", "text": "The house is big."}, timeout=240)
    assert not at.exception and not at.error
    page = texts(at)
    assert tr("translation.t5_note") in page
    assert tr("translation.prefix", prefix="translate English to German:") in page
    assert chart(at, "tr.cross")
    at.selectbox(key="tr.head").set_value(0).run()
    assert "scale=0" in at.get("link_button")[0].proto.url  # T5's head goes with scaling off
    english = open_page(PAGE, lang="en", query={"model": "t5-small", "head": "1"}, timeout=240)
    assert not english.exception and english.title[0].value == tr("translation.title", "en")
    page = texts(english)
    assert tr("translation.t5_note", "en") in page and tr("inside.copy_about_unscaled", "en")[:40] in page


def test_a_model_over_the_memory_budget_is_refused_with_the_numbers(home, translator_dirs, monkeypatch):
    monkeypatch.setenv("ATTNVIZ_MEMORY_BUDGET_MB", "50")
    shutil.copytree(translator_dirs["marian"], home / "models" / "opus-mt-en-es")
    at = open_page(PAGE, query={"model": "opus-mt-en-es"}, timeout=240)
    assert not at.exception
    assert [e for e in at.error if tr_pattern("nlp.error.over_memory_budget", budget="50").search(e.value)]
    assert not at.get("plotly_chart")


def test_a_translation_folder_placed_by_hand_is_offered(home, translator_dirs):
    shutil.copytree(translator_dirs["marian"], home / "models" / "my-translator")
    (home / "models" / "not-a-translator").mkdir()
    at = open_page(PAGE)
    options = at.selectbox(key="tr.model").options
    assert "my-translator" in " ".join(options) and "not-a-translator" not in " ".join(options)
    bad = open_page(PAGE, query={"model": "../../etc/passwd"})
    assert not bad.exception and tr("translation.link_unreadable", names="model") in texts(bad)
    assert bad.selectbox(key="tr.model").value == "tiny"


def test_training_can_be_paused_stepped_and_stopped_from_the_page(home):
    import time

    def wait_for(condition, what: str) -> None:
        deadline = time.monotonic() + 180
        while not condition():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.5)
            at.run(timeout=240)

    def paused_at() -> int | None:
        for bar in at.get("progress"):
            found = tr_pattern("live.paused").search(bar.proto.text)
            if found:
                return int(found.group(1))
        return None

    at = open_page(PAGE)
    at.button(key="tr.train").click().run()
    assert not at.exception
    assert at.button(key="tr.pause").label == tr("live.pause")
    at.button(key="tr.pause").click().run()
    wait_for(lambda: paused_at() is not None, "the pause")
    first = paused_at()
    at.button(key="tr.step10").click().run()
    wait_for(lambda: (paused_at() or 0) >= first + 10, "ten more steps")
    assert paused_at() == first + 10  # paused again after exactly ten
    at.button(key="tr.stop").click().run()
    wait_for(lambda: any(b.key == "tr.train" for b in at.button), "the end")
    assert not at.exception
    assert at.button(key="tr.train").label == tr("translation.train_again")
    assert tr("translation.stopped_early", step=first + 10, total=800) in texts(at)


def test_a_damaged_translator_folder_says_so_and_offers_training(home):
    folder = home / "translators" / "tiny-dates"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"model_type": "marian"}')
    (folder / "tf_model.h5").write_bytes(b"not an h5 file")
    (folder / "metrics.json").write_text('{"checks": "nonsense", "steps": 5}')
    (folder / "snapshots.npz").write_bytes(b"not a zip")
    at = open_page(PAGE, timeout=120)
    assert not at.exception
    assert [e for e in at.error if e.value == tr("translation.damaged")]
    assert at.button(key="tr.train").label == tr("translation.train_again")
    assert not at.get("plotly_chart")


def test_damaged_snapshots_and_metrics_are_read_as_absent(tmp_path):
    import numpy as np

    from attnviz.nlp import translator_job as tj

    np.savez(
        tmp_path / "snapshots.npz", steps=np.arange(3), cross=np.ones((2, 1, 1, 2, 2))
    )  # 3 steps, 2 stacks
    assert tj.read_snapshots(tmp_path) is None
    np.savez(tmp_path / "snapshots.npz", steps=np.arange(2), cross=np.full((2, 1, 1, 2, 2), np.nan))
    assert tj.read_snapshots(tmp_path) is None
    np.savez(tmp_path / "snapshots.npz", steps=np.arange(2), cross=np.ones((2, 1, 1, 2, 2)))
    assert tj.read_snapshots(tmp_path) is not None
    (tmp_path / "metrics.json").write_text('{"checks": [{"step": "x"}, {"step": 4, "exact_match": 0.5}, 7]}')
    assert tj.read_metrics(tmp_path)["checks"] == [{"step": 4, "exact_match": 0.5}]
    (tmp_path / "metrics.json").write_text("[1, 2]")
    assert tj.read_metrics(tmp_path) == {}


def test_the_json_export_holds_the_matrices_shown_with_their_labels():
    import json

    from attnviz.ui.translation_views import _matrices_json

    cross = np.array([[0.25, 0.75], [1.0, 0.0]])
    shown = [
        ("cross", cross, ["<pad>", "la"], ["the", "</s>"]),
        ("encoder", np.eye(2), ["the", "</s>"], ["the", "</s>"]),
    ]
    exported = json.loads(_matrices_json(shown, "opus-mt-en-es", 1, 3))
    assert exported["layer"] == 2 and exported["head"] == 4 and exported["model"] == "opus-mt-en-es"
    assert exported["cross"] == {
        "queries": ["<pad>", "la"],
        "keys": ["the", "</s>"],
        "weights": cross.tolist(),
    }
    assert json.loads(_matrices_json(shown, "tiny", 0, "mean"))["head"] == "mean"
