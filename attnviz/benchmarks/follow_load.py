"""A class following its teacher: one teacher and N students on the real server's websocket, as
browsers would be, without the browsers (their work happens on the students' machines).

The teacher presses "present" and shows the playground; each student opens the home page and then
does what its browser does: it reruns the poll fragment whenever the server asks (``auto_rerun``,
every ``POLL_SECONDS``). After a steady minute-part of polling, the teacher opens another page and
each student's time until that page's title arrives is measured. Meanwhile: the server's CPU
(from /proc), its health-check answer times and its peak memory.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field

from attnviz.benchmarks.classroom_load import _round, _run_apart, _Watcher, first_run_message, rss_mb
from attnviz.i18n import translate

TEACHER_PAGE = ""  # the home page
# the page the teacher opens, with its title (how a student's socket knows it arrived)
NEXT_PAGES = {"playground": "playground.title", "building-blocks": "blocks.title"}
PRESENT_LABELS = {translate(lang, "classroom.present") for lang in ("es", "en")}


@dataclass
class Follower:
    polls: int = 0
    followed_at: float | None = None  # when the teacher's new page arrived (perf_counter)
    problems: list[str] = field(default_factory=list)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc)."""
    import os

    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _parse(data: bytes):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(data)
    return msg


def _texts_of(msg) -> tuple[str | None, str | None, int | None]:
    """(a heading's text, a button's label and id as "label\\0id") of a new element, if any."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return None, None, None
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "heading":
        return element.heading.body, None, None
    if kind == "button":
        return None, element.button.label, element.button.id
    return None, None, None


def _rerun(page_name: str = "", page_hash: str = "", fragment_id: str = "", widgets=()) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.page_name = page_name
    state.page_script_hash = page_hash
    if fragment_id:
        state.fragment_id = fragment_id
        state.is_auto_rerun = True
    for widget_id in widgets:
        widget = state.widget_states.widgets.add()
        widget.id = widget_id
        widget.trigger_value = True
    return msg.SerializeToString()


async def _until_finished(socket, on_message=None) -> None:
    async for data in socket:
        msg = _parse(data)
        if on_message is not None:
            on_message(msg)
        if (
            msg.WhichOneof("type") == "script_finished"
            and msg.script_finished != msg.FINISHED_EARLY_FOR_RERUN
        ):
            return


async def _teacher(
    ws_url: str, next_page: str, ready: asyncio.Event, go: asyncio.Event, done: asyncio.Event, box: dict
) -> None:
    import websockets

    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as socket:
        buttons: dict[str, str] = {}

        def note(msg) -> None:
            _, label, widget_id = _texts_of(msg)
            if label is not None:
                buttons[label] = widget_id

        await socket.send(first_run_message(TEACHER_PAGE))
        await _until_finished(socket, note)
        present = next((buttons[label] for label in PRESENT_LABELS if label in buttons), None)
        if present is None:
            raise RuntimeError("no 'present' button: the server does not take this client for the teacher")
        await socket.send(_rerun(TEACHER_PAGE, widgets=[present]))
        await _until_finished(socket)
        ready.set()
        await go.wait()
        box["switched_at"] = time.perf_counter()
        await socket.send(_rerun(next_page))
        await _until_finished(socket)
        await done.wait()


async def _student(
    ws_url: str, titles: set[str], ready: asyncio.Event, done: asyncio.Event, result: Follower
) -> None:
    import websockets

    polls: dict[str, float] = {}  # fragment id -> interval, from the server's auto_rerun messages
    page_hash = ""

    def note(msg) -> None:
        nonlocal page_hash
        kind = msg.WhichOneof("type")
        if kind == "auto_rerun":
            polls[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "new_session":
            page_hash = msg.new_session.page_script_hash
        heading, _, _ = _texts_of(msg)
        if heading in titles and result.followed_at is None:
            result.followed_at = time.perf_counter()

    await ready.wait()
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as socket:
        await socket.send(first_run_message(""))
        reader = asyncio.create_task(_read_forever(socket, note))
        try:
            while not done.is_set():
                interval = min(polls.values(), default=1.0)
                await asyncio.sleep(interval)
                for fragment_id in list(polls):
                    await socket.send(_rerun(page_hash=page_hash, fragment_id=fragment_id))
                    result.polls += 1
        finally:
            reader.cancel()


async def _read_forever(socket, on_message) -> None:
    async for data in socket:
        on_message(_parse(data))


def follow_load(
    base: str,
    *,
    students: int = 30,
    next_page: str = "playground",
    steady_s: float = 20.0,
    pid: int | None = None,
) -> dict:
    """One teacher presenting and ``students`` following on the server at ``base``: the server's
    CPU while they poll, and each student's time to follow the teacher to another page."""
    ws_url = base.replace("http://", "ws://").replace("https://", "wss://") + "/_stcore/stream"
    followers = [Follower() for _ in range(students)]
    titles = {translate(lang, NEXT_PAGES[next_page]) for lang in ("es", "en")}
    box: dict = {}

    async def everyone():
        ready, go, done = asyncio.Event(), asyncio.Event(), asyncio.Event()
        tasks = [asyncio.create_task(_teacher(ws_url, next_page, ready, go, done, box))]
        tasks += [asyncio.create_task(_student(ws_url, titles, ready, done, f)) for f in followers]
        await ready.wait()
        await asyncio.sleep(5)  # every student has connected and drawn its first page
        cpu_before, started = cpu_seconds(pid) if pid else None, time.perf_counter()
        polls_before = sum(f.polls for f in followers)
        await asyncio.sleep(steady_s)
        cpu_after, steady = cpu_seconds(pid) if pid else None, time.perf_counter() - started
        box["polls_per_second"] = (sum(f.polls for f in followers) - polls_before) / steady
        go.set()
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline and any(f.followed_at is None for f in followers):
            await asyncio.sleep(0.1)
        done.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        for task in tasks:
            if task.exception() is not None:
                raise task.exception()
        if cpu_before is not None and cpu_after is not None:
            box["cpu_percent_polling"] = 100 * (cpu_after - cpu_before) / steady

    before = rss_mb(pid) if pid else None
    with _Watcher(base, pid) as watcher:
        _run_apart(everyone)
    switched = box.get("switched_at")
    delays = sorted(f.followed_at - switched for f in followers if f.followed_at is not None and switched)
    return {
        "students": students,
        "next_page": next_page,
        "followed": len(delays),
        "follow_p50_s": _round(statistics.median(delays)) if delays else None,
        "follow_max_s": _round(max(delays)) if delays else None,
        "server_cpu_percent_while_polling": _round(box.get("cpu_percent_polling"), 0),
        "polls_per_second": _round(box.get("polls_per_second"), 1),
        "health_max_s": _round(max(watcher.health)) if watcher.health else None,
        "rss_mb_before": _round(before, 0),
        "rss_mb_peak": _round(watcher.rss_peak, 0),
    }
