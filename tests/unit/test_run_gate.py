"""At most N page runs compute at once; a run waits at most the gate's limit."""

import threading
import time

from attnviz.ui import run_gate


def test_runs_take_turns_and_nobody_waits_forever(monkeypatch):
    monkeypatch.setattr(run_gate, "_gate", threading.BoundedSemaphore(1))
    inside, most_inside, lock = 0, 0, threading.Lock()

    def page_run():
        nonlocal inside, most_inside
        with run_gate.page_run_slot(max_wait=5.0):
            with lock:
                inside += 1
                most_inside = max(most_inside, inside)
            time.sleep(0.02)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=page_run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert most_inside == 1


def test_a_slow_page_delays_the_next_run_only_up_to_the_limit(monkeypatch):
    monkeypatch.setattr(run_gate, "_gate", threading.BoundedSemaphore(1))
    with run_gate.page_run_slot() as held:
        assert held
        started = time.monotonic()
        with run_gate.page_run_slot(max_wait=0.3) as second:
            waited = time.monotonic() - started
        assert not second and 0.25 <= waited < 2.0
    with run_gate.page_run_slot(max_wait=0.1) as after:  # the slot came back
        assert after


def test_an_exception_in_the_page_gives_the_slot_back(monkeypatch):
    monkeypatch.setattr(run_gate, "_gate", threading.BoundedSemaphore(1))
    try:
        with run_gate.page_run_slot():
            raise RuntimeError("st.rerun() or st.stop() leave the page this way")
    except RuntimeError:
        pass
    with run_gate.page_run_slot(max_wait=0.1) as held:
        assert held


def test_one_long_text_at_a_time(monkeypatch):
    monkeypatch.setattr(run_gate, "_heavy_gate", threading.BoundedSemaphore(1))
    with run_gate.heavy_turn(max_wait=1.0) as first:
        assert first
        with run_gate.heavy_turn(max_wait=0.1) as second:
            assert not second  # the caller says the server is busy
    with run_gate.heavy_turn(max_wait=0.1) as after:
        assert after
