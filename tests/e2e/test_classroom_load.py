"""A class opening the playground at once: 30 sessions on the real server's websocket, each must
render its page without an error. Times and memory are printed by ``python -m attnviz bench
--parts load``, not asserted here (the machine running the tests may be busy)."""

from __future__ import annotations

import textwrap

import pytest

from attnviz.benchmarks import server
from attnviz.benchmarks.classroom_load import run_load
from tests.e2e.conftest import start_server, stop_server


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    process, base, _ = start_server(tmp_path_factory.mktemp("load_home"))
    yield process, base
    stop_server(process)


def test_thirty_students_open_the_playground_at_once(app_server):
    process, base = app_server
    run_load(base, clients=1, page="playground", pid=process.pid)  # the server's imports
    result = run_load(base, clients=30, page="playground", pid=process.pid, timeout_s=120)
    assert result.problems == []
    assert len(result.finished) == 30
    assert all(session.elements > 20 for session in result.sessions)  # the whole page, not a stub
    assert result.health_seconds and max(result.health_seconds) < 30  # it kept answering
    print(result.summary())


def test_a_page_that_fails_is_reported(tmp_path):
    """The load test can fail: a script that raises, and one that shows an error box."""
    script = tmp_path / "broken.py"
    script.write_text(
        textwrap.dedent(
            """
            import streamlit as st
            st.error("sin modelo")
            raise ValueError("roto")
            """
        ),
        encoding="utf-8",
    )
    process, base = server.start(None, script=script.name, cwd=tmp_path, log=tmp_path / "log.txt")
    try:
        result = run_load(base, clients=3, page="", pid=process.pid, timeout_s=60)
    finally:
        server.stop(process)
    assert len(result.problems) == 6
    assert sum("ValueError" in p for p in result.problems) == 3
    assert sum("sin modelo" in p for p in result.problems) == 3


def test_a_class_follows_its_teacher_to_another_page(app_server):
    """The follow benchmark on the real server: one teacher presents and opens the building blocks;
    every student's socket, polling as its browser would, receives that page (times are printed by
    ``bench --parts follow``, not asserted)."""
    from attnviz.benchmarks.follow_load import follow_load

    process, base = app_server
    result = follow_load(base, students=8, next_page="building-blocks", steady_s=3, pid=process.pid)
    assert result["followed"] == 8
    assert result["polls_per_second"] > 0  # the students did poll (the server asked them to)
    print(result)
