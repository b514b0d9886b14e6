"""The shared state of "follow the teacher": slides, join codes, followers, takeover and expiry."""

from __future__ import annotations

import threading

import pytest

from attnviz.core import presentation as p


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_only_the_presenter_makes_slides_and_only_changes_count():
    shown = p.Presentation()
    assert shown.current() is None and not shown.presenting()
    code = shown.start("teacher")
    assert len(code) == p.CODE_LENGTH and set(code) <= set(p.CODE_ALPHABET)
    assert shown.current() is None  # presenting, nothing shown yet
    assert shown.show("teacher", "playground", {"preset": "course"})
    assert not shown.show("teacher", "playground", {"preset": "course"})  # the same view: no new slide
    assert not shown.show("student", "heatmaps", {})  # only the presenter
    assert shown.current() == p.Slide("playground", {"preset": "course"}, 1)
    assert shown.show("teacher", "heatmaps", {"layer": 2})
    slide = shown.current()
    assert (slide.page, dict(slide.params), slide.number) == ("heatmaps", {"layer": "2"}, 2)


def test_the_code_stays_for_the_same_presenter_and_changes_on_takeover():
    shown = p.Presentation()
    first = shown.start("teacher")
    assert shown.start("teacher") == first
    assert shown.presenting("teacher") and not shown.presenting("other")
    second = shown.start("other-teacher")
    assert shown.presenting("other-teacher") and not shown.presenting("teacher")
    assert not shown.stop("teacher")  # the one who was taken over cannot end it
    assert shown.matches(second)
    assert shown.stop("other-teacher") and not shown.presenting() and shown.code == ""


def test_join_codes_are_read_as_typed_and_only_while_presenting():
    shown = p.Presentation()
    assert not shown.matches("K7QF")
    code = shown.start("teacher")
    assert shown.matches(code.lower()) and shown.matches(f" {code[:2]}-{code[2:]} ")
    wrong = next(c for c in ("ACDE", "FGHJ") if c != code)
    assert not shown.matches(wrong)
    for bad in ("", "K7", "K7QF9", "0000", "<b>", None):
        assert p.clean_join_code(bad) == "" and not shown.matches(bad)


def test_followers_are_counted_while_they_ask_and_dropped_after():
    clock = Clock()
    shown = p.Presentation(clock=clock)
    assert shown.follow("s1") is None  # nobody presents: nothing to follow, nobody counted
    shown.start("teacher")
    shown.show("teacher", "", {})
    for student in ("s1", "s2", "s3", "teacher"):
        assert shown.follow(student).page == ""
    assert shown.follower_count() == 3  # the presenter is not its own follower
    shown.leave("s3")
    assert shown.follower_count() == 2
    clock.now += p.FOLLOWER_SECONDS + 1
    shown.follow("s1")
    assert shown.follower_count() == 1


def test_a_forgotten_presentation_ends_by_itself():
    clock = Clock()
    shown = p.Presentation(clock=clock)
    shown.start("teacher")
    shown.show("teacher", "playground", {})
    clock.now += p.IDLE_HOURS * 3600 - 1
    assert shown.current() is not None
    clock.now += 2
    assert shown.current() is None and not shown.presenting() and shown.follow("s1") is None


def test_thirty_followers_polling_while_the_teacher_changes_slides():
    shown = p.Presentation()
    shown.start("teacher")
    seen: list[int] = []

    def student(name: str) -> None:
        for _ in range(200):
            slide = shown.follow(name)
            if slide is not None:
                seen.append(slide.number)

    threads = [threading.Thread(target=student, args=(f"s{i}",)) for i in range(30)]
    for thread in threads:
        thread.start()
    for number in range(50):
        shown.show("teacher", "playground", {"step": number})
    for thread in threads:
        thread.join()
    assert shown.follower_count() == 30
    assert shown.current().number == 50 and max(seen, default=0) <= 50


@pytest.mark.parametrize(
    ("url", "base", "lan", "expected"),
    [
        ("http://localhost:8501/playground", "", "192.168.1.5", "http://192.168.1.5:8501/?clase=K7QF"),
        ("http://127.0.0.1:8501/", "", None, "http://127.0.0.1:8501/?clase=K7QF"),  # no network: as it is
        (
            "https://curso.streamlit.app/fine-tuning?run=a",
            "",
            "10.0.0.1",
            "https://curso.streamlit.app/?clase=K7QF",
        ),
        ("http://10.0.0.2:8501/attn/playground", "/attn/", None, "http://10.0.0.2:8501/attn/?clase=K7QF"),
        ("", "", "", "http://localhost/?clase=K7QF"),
    ],
)
def test_the_join_link_is_the_address_students_can_reach(url, base, lan, expected, monkeypatch):
    monkeypatch.setattr(p, "network_address", lambda: None)
    assert p.join_link(url, base, "K7QF", "clase", lan_host=lan) == expected
