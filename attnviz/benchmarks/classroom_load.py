"""A class opening the app at once: N browser sessions on the real server's websocket, each asking
for a first run of one page, as a browser does on its first visit (no browser: a browser's work
happens on the students' machines, the server's on ours).

Per session it times "websocket connected -> the page's script finished" and notes what went
wrong (an exception shown, an error box, a script that did not finish). Meanwhile it asks the
health endpoint every 0.2 s (a hosting platform restarts an app whose health check stalls) and
reads the server's resident memory from /proc.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from attnviz.benchmarks.server import HEALTH_PATH

HEALTH_POLL_SECONDS = 0.2


@dataclass
class SessionResult:
    seconds: float | None = None  # connected -> script finished; None: it did not finish
    elements: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class LoadResult:
    page: str
    clients: int
    sessions: list[SessionResult]
    health_seconds: list[float]  # every health check's answer time during the load
    rss_mb_before: float | None
    rss_mb_peak: float | None
    wall_seconds: float

    @property
    def finished(self) -> list[float]:
        return sorted(s.seconds for s in self.sessions if s.seconds is not None)

    def percentile(self, p: float) -> float | None:
        values = self.finished
        if not values:
            return None
        index = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))  # nearest rank
        return values[index]

    @property
    def problems(self) -> list[str]:
        return [problem for s in self.sessions for problem in s.problems]

    def summary(self) -> dict:
        health = self.health_seconds
        return {
            "page": self.page or "home",
            "clients": self.clients,
            "rendered": len(self.finished),
            "problems": self.problems[:10],
            "first_render_p50_s": None if not self.finished else round(statistics.median(self.finished), 2),
            "first_render_p95_s": _round(self.percentile(95)),
            "first_render_max_s": _round(max(self.finished, default=None)),
            "health_max_s": _round(max(health, default=None)),
            "health_checks": len(health),
            "rss_mb_before": _round(self.rss_mb_before, 0),
            "rss_mb_peak": _round(self.rss_mb_peak, 0),
            "wall_s": round(self.wall_seconds, 1),
        }


def _round(value, digits: int = 2):
    return None if value is None else round(value, digits)


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process (Linux /proc), in MB; None elsewhere or when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def first_run_message(page: str, query: str = "") -> bytes:
    """The BackMsg a browser sends on connecting: run the script for this page."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.page_script_hash = ""
    return msg.SerializeToString()


def problems_in(forward_bytes: bytes) -> tuple[list[str], int, int | None]:
    """(problems, new elements, script-finished status or None) in one ForwardMsg."""
    from streamlit.proto.Alert_pb2 import Alert
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(forward_bytes)
    kind = msg.WhichOneof("type")
    if kind == "script_finished":
        return [], 0, msg.script_finished
    if kind != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return [], 0, None
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        return [f"exception: {element.exception.type}: {element.exception.message[:200]}"], 1, None
    if kind == "alert" and element.alert.format == Alert.ERROR:
        return [f"error box: {element.alert.body[:200]}"], 1, None
    return [], 1, None


async def one_session(ws_url: str, page: str, query: str, timeout_s: float) -> SessionResult:
    import websockets
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    result = SessionResult()
    try:
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout_s
        ) as socket:
            started = time.perf_counter()
            await socket.send(first_run_message(page, query))
            async with asyncio.timeout(timeout_s):
                async for data in socket:
                    problems, elements, finished = problems_in(data)
                    result.problems += problems
                    result.elements += elements
                    if finished is None:
                        continue
                    if finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                        result.seconds = time.perf_counter() - started
                    elif finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # a rerun follows
                        result.problems.append(f"script finished with status {finished}")
                    if result.seconds is not None or result.problems:
                        break
    except TimeoutError:
        result.problems.append(f"no finished run within {timeout_s:g} s")
    except OSError as error:
        result.problems.append(f"connection failed: {error}")
    if result.seconds is None and not result.problems:
        result.problems.append("the connection closed before the script finished")
    return result


class _Watcher:
    """Health-check answer times and the server's peak memory, in a thread, while the load runs."""

    def __init__(self, base: str, pid: int | None):
        self.base, self.pid = base, pid
        self.health: list[float] = []
        self.rss_peak: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(self.base + HEALTH_PATH, timeout=30) as response:
                    response.read()
                self.health.append(time.perf_counter() - started)
            except OSError:
                self.health.append(float("inf"))
            if self.pid:
                rss = rss_mb(self.pid)
                if rss is not None:
                    self.rss_peak = max(self.rss_peak or 0.0, rss)
            self._stop.wait(HEALTH_POLL_SECONDS)


def _run_apart(make_coroutine):
    """``asyncio.run`` in a thread of its own: the caller's thread may already run an event loop
    (Playwright's synchronous API keeps one in the test session's main thread)."""
    box: dict = {}

    def target() -> None:
        try:
            box["result"] = asyncio.run(make_coroutine())
        except BaseException as error:  # noqa: BLE001 - handed back to the caller below
            box["error"] = error

    thread = threading.Thread(target=target, name="classroom-load")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["result"]


def run_load(
    base: str,
    *,
    clients: int = 30,
    page: str = "playground",
    query: str | list[str] = "",
    pid: int | None = None,
    timeout_s: float = 120.0,
) -> LoadResult:
    """``clients`` sessions open ``page`` at the same moment on the server at ``base``, with the
    link's ``query`` (a list: client i gets ``query[i % len(query)]``)."""
    queries = query if isinstance(query, list) else [query]
    ws_url = base.replace("http://", "ws://").replace("https://", "wss://") + "/_stcore/stream"
    before = rss_mb(pid) if pid else None

    async def everyone():
        return await asyncio.gather(
            *(one_session(ws_url, page, queries[i % len(queries)], timeout_s) for i in range(clients))
        )

    started = time.perf_counter()
    with _Watcher(base, pid) as watcher:
        sessions = _run_apart(everyone)
    return LoadResult(
        page=page,
        clients=clients,
        sessions=list(sessions),
        health_seconds=watcher.health,
        rss_mb_before=before,
        rss_mb_peak=watcher.rss_peak,
        wall_seconds=time.perf_counter() - started,
    )


def class_of(clients: int, pages: tuple[str, ...], *, model_dir: Path | None = None, say=print) -> dict:
    """A fresh server (empty ATTNVIZ_HOME, plus ``model_dir`` as its one local model when given);
    for each page in order: one warm-up visit, then ``clients`` first visits at once."""
    import tempfile

    from attnviz.benchmarks import server

    home = Path(tempfile.mkdtemp(prefix="attnviz-bench-load-"))
    if model_dir is not None:
        (home / "models").mkdir()
        (home / "models" / model_dir.name).symlink_to(model_dir.resolve(), target_is_directory=True)
    results: dict = {"clients": clients}
    with server.running(home) as (process, base):
        results["rss_mb_idle"] = _round(rss_mb(process.pid), 0)
        for page in pages:
            if page == LONG_TEXTS:
                results[LONG_TEXTS] = long_texts(base, process.pid, say=say)
                continue
            run_load(base, clients=1, page=page, pid=process.pid, timeout_s=300)  # imports, caches
            summary = run_load(base, clients=clients, page=page, pid=process.pid).summary()
            results[summary["page"]] = summary
            say(
                f"{clients} first visits to {summary['page']}: rendered {summary['rendered']}/{clients}, "
                f"p50 {summary['first_render_p50_s']} s, p95 {summary['first_render_p95_s']} s, "
                f"health check at most {summary['health_max_s']} s, server RSS peak "
                f"{summary['rss_mb_peak']} MB"
                + (f"; problems: {summary['problems']}" if summary["problems"] else "")
            )
    return results


LONG_TEXTS = "heatmaps_long_texts"
LONG_TEXT_CHARS = 19_000  # just under the page's limit (20,000 characters)


def long_text(seed: int) -> str:
    words = ["the", "film", "was", "slow", "but", "its", "ending", "moved", "me", "deeply", f"n{seed}"]
    text, i = [], 0
    while sum(len(w) + 1 for w in text) < LONG_TEXT_CHARS:
        text.append(words[(i * 7 + seed) % len(words)])
        i += 1
    return " ".join(text)[:LONG_TEXT_CHARS]


def long_texts(base: str, pid: int, *, say=print) -> dict:
    """The heatmap page's worst request: a different 19,000-character text at 512 tokens, one
    visitor and then five at once; the server's memory before and at its peak."""
    from urllib.parse import urlencode

    out = {}
    for clients, first in ((1, 0), (5, 1)):
        queries = [urlencode({"text": long_text(first + i), "limit": 512}) for i in range(clients)]
        result = run_load(base, clients=clients, page="heatmaps", query=queries, pid=pid, timeout_s=300)
        summary = result.summary()
        growth = (
            None if result.rss_mb_peak is None else round(result.rss_mb_peak - (result.rss_mb_before or 0))
        )
        out[f"{clients}_at_once"] = {**summary, "rss_mb_growth": growth}
        say(
            f"heatmaps, {clients} different {LONG_TEXT_CHARS:,}-character texts at 512 tokens at once: "
            f"rendered {summary['rendered']}/{clients}, max {summary['first_render_max_s']} s, server RSS "
            f"{summary['rss_mb_before']} -> {summary['rss_mb_peak']} MB"
            + (f"; problems: {summary['problems']}" if summary["problems"] else "")
        )
    return out
