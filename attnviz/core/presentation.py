"""Follow the teacher: what the presenting teacher shows, shared with every student's browser.

One :class:`Presentation` per server. The teacher's session writes a :class:`Slide` (the page and
its link: run, text, layer, head... every page keeps its view in the link) each time its page is
drawn; each student's browser asks for the current slide every few seconds and, when its number
changed, opens that page with that link. Pure Python, no Streamlit: one lock, and a clock that the
tests can set.

A short *join code* names the presentation: printed beside the QR code, typed on a phone's home
page, or carried by the QR's link, it brings a student back to the teacher's screen.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read off a projector from the back row is typed right.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 4
FOLLOWER_SECONDS = 10.0  # a follower that has not asked for this long is no longer counted
IDLE_HOURS = 4.0  # a presentation whose teacher has shown nothing for this long ends by itself


@dataclass(frozen=True)
class Slide:
    """What the teacher shows: a page (its URL path, "" for home) and that page's link."""

    page: str
    params: Mapping[str, str] = field(default_factory=dict)
    number: int = 0  # grows with every change: a follower opens a slide whose number it has not seen


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_join_code(text: str) -> str:
    """What a student typed, as a code: upper case, spaces and dashes dropped ("" when it cannot be one)."""
    code = "".join(ch for ch in str(text or "").upper() if ch not in " -")
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        return ""
    return code


class Presentation:
    """The server's one presentation: who presents, the join code, the current slide and who follows."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._presenter = ""
        self._code = ""
        self._slide: Slide | None = None
        self._shown_at = 0.0
        self._numbers = 0
        self._followers: dict[str, float] = {}

    # --- the teacher -----------------------------------------------------------------------------

    def start(self, presenter: str) -> str:
        """``presenter`` (a visitor token) presents from now on, taking over from anyone else; the
        join code stays while the same person presents again, and is new for a new presenter."""
        if not presenter:
            raise ValueError("a presentation needs a presenter")
        with self._lock:
            if presenter != self._presenter or not self._code:
                self._code = new_join_code()
            self._presenter = presenter
            self._shown_at = self._clock()
            return self._code

    def stop(self, presenter: str) -> bool:
        """End the presentation if ``presenter`` is the one presenting (True when it ended)."""
        with self._lock:
            if not self._presenter or presenter != self._presenter:
                return False
            self._end()
            return True

    def show(self, presenter: str, page: str, params: Mapping[str, str]) -> bool:
        """The presenter's page is now ``page`` with ``params``: a new slide when it differs from
        the current one (True), nothing otherwise. Anyone else's call is ignored (False)."""
        with self._lock:
            self._expire()
            if not self._presenter or presenter != self._presenter:
                return False
            self._shown_at = self._clock()
            params = {str(k): str(v) for k, v in params.items()}
            if self._slide is not None and (self._slide.page, dict(self._slide.params)) == (page, params):
                return False
            self._numbers += 1
            self._slide = Slide(page=page, params=params, number=self._numbers)
            return True

    # --- everyone --------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        with self._lock:
            self._expire()
            return self._code

    def presenting(self, presenter: str | None = None) -> bool:
        """Whether anyone presents (or, given a token, whether that visitor does)."""
        with self._lock:
            self._expire()
            if presenter is None:
                return bool(self._presenter)
            return bool(self._presenter) and presenter == self._presenter

    def current(self) -> Slide | None:
        with self._lock:
            self._expire()
            return self._slide if self._presenter else None

    def follow(self, follower: str) -> Slide | None:
        """A follower's poll: counts it as following, and returns the current slide."""
        with self._lock:
            self._expire()
            if not self._presenter:
                return None
            if follower and follower != self._presenter:
                self._followers[follower] = self._clock()
            return self._slide

    def leave(self, follower: str) -> None:
        with self._lock:
            self._followers.pop(follower, None)

    def follower_count(self) -> int:
        with self._lock:
            now = self._clock()
            self._followers = {
                t: seen for t, seen in self._followers.items() if now - seen <= FOLLOWER_SECONDS
            }
            return len(self._followers)

    def matches(self, code: str) -> bool:
        """Whether ``code`` (as typed) is the running presentation's join code."""
        wanted = clean_join_code(code)
        with self._lock:
            self._expire()
            return bool(wanted) and bool(self._presenter) and secrets.compare_digest(wanted, self._code)

    # --- inside the lock -------------------------------------------------------------------------

    def _expire(self) -> None:
        if self._presenter and self._clock() - self._shown_at > IDLE_HOURS * 3600:
            self._end()

    def _end(self) -> None:
        self._presenter, self._code, self._slide = "", "", None
        self._followers.clear()


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def network_address() -> str | None:
    """This machine's address on its network (the one a UDP socket would leave from; nothing is
    sent), or None with no network: what a phone in the classroom can reach."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def join_link(browser_url: str, base_path: str, code: str, param: str, lan_host: str | None = None) -> str:
    """The class's join link, from the address the teacher's browser shows: scheme, host and port
    kept, the page and query dropped, ``?param=code`` added. A "localhost" address (the teacher on
    the server's own machine) becomes the machine's network address, which students can reach."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(browser_url or "")
    scheme = parts.scheme or "http"
    host = parts.hostname or "localhost"
    if host in LOOPBACK_HOSTS:
        host = (lan_host if lan_host is not None else network_address()) or host
    if ":" in host:  # an IPv6 address goes in brackets
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    base = "/".join(piece for piece in str(base_path or "").split("/") if piece)
    path = f"/{base}/" if base else "/"
    return urlunsplit((scheme, netloc, path, f"{param}={code}", ""))
