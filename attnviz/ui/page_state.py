"""A page's state across reruns: the link (URL query) read once, widget values kept, the link written back.

Every page with a shareable or lasting view needs the same three things; a page declares them once
in a :class:`PageState` and calls it at the top and the end of each run:

* **The link, read once per session.** On the session's first run of the page, each declared
  :class:`LinkParam` goes through its parser: a value that parses goes into ``st.session_state``
  under the parameter's key (before the widget with that key is drawn); one that does not is
  skipped and listed in :meth:`PageState.link_problems`, never raised. A parameter without a key
  is held back as *pending*, for a widget whose options are only known later in the run
  (:meth:`PageState.pending`, consumed once). A page whose link format is not one value per
  parameter (the playground's matrices) passes its own ``read_link`` to :meth:`PageState.start`.
* **Widget values kept.** Streamlit drops a widget's value at the end of any run that does not draw
  it: a closed tab, a section after ``st.stop()``, another page. :meth:`PageState.start` puts back
  the last value of every declared key that is missing, then copies the current values;
  :meth:`PageState.remember` copies them again once the page has written its own (clamped
  choices, defaults), e.g. at the end of the run.
* **The link written back only when it changed.** :meth:`PageState.write_link` replaces
  ``st.query_params`` with the page's parameters when they differ from the address bar's.

The copies live under one dict per page (``<prefix>._kept``): the language switch
(``attnviz/ui/language.py``) writes plain values back to refresh option labels and skips dicts.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

Parser = Callable[[str], Any]  # a link's text -> the value; raises (ValueError, ...) or returns None when bad


def as_text(text: str) -> str:
    return text


def non_empty(text: str) -> str | None:
    return text or None


def whole_number(text: str) -> int:
    """Digits only ("7", not "+7", " 7" or "7.0")."""
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


def position(text: str) -> int:
    """A 1-based number in the link ("1" is the first) as a 0-based index in the page."""
    value = whole_number(text)
    if value < 1:
        raise ValueError(text)
    return value - 1


def one_of(options: Iterable[Any], convert: Parser = as_text) -> Parser:
    """A parser that accepts only ``options`` (compared after ``convert``)."""
    allowed = tuple(options)

    def parse(text: str) -> Any:
        value = convert(text)
        if value not in allowed:
            raise ValueError(text)
        return value

    return parse


@dataclass(frozen=True)
class LinkParam:
    """One URL parameter a page reads on the session's first visit."""

    name: str  # the parameter's name in the URL (kept stable: links are shared)
    key: str | None = None  # where the parsed value goes in st.session_state; None: held as pending
    parse: Parser = as_text


class PageState:
    """Link in, widget values kept, link out, for one page (see the module's docstring)."""

    def __init__(self, prefix: str, *, keep: Iterable[str] = (), link: Iterable[LinkParam] = ()) -> None:
        self.keep = tuple(keep)
        self.link = tuple(link)
        self._linked = f"{prefix}._linked"
        self._kept = f"{prefix}._kept"
        self._pending = f"{prefix}._pending"
        self._problems = f"{prefix}._link_problems"

    def start(
        self,
        defaults: Mapping[str, Any] | None = None,
        read_link: Callable[[dict[str, str]], Iterable[str] | None] | None = None,
    ) -> bool:
        """Call at the top of every run of the page, before its widgets are drawn.

        On the session's first run of the page: reads the declared parameters, then ``read_link``
        (given the whole link; it returns the names it could not read). Every run: puts back the
        kept values of widgets Streamlit dropped, sets ``defaults`` for keys still missing, and
        copies the current values. Returns True on that first run."""
        first = self._linked not in st.session_state
        if first:
            st.session_state[self._linked] = True
            params = _link()
            problems = self._read(params)
            if read_link is not None:
                problems += [name for name in read_link(params) or () if name not in problems]
            st.session_state[self._problems] = problems
        for key, value in st.session_state.get(self._kept, {}).items():
            if key not in st.session_state:
                st.session_state[key] = copy.copy(value)
        for key, value in (defaults or {}).items():
            if key not in st.session_state:
                st.session_state[key] = value
        self.remember()
        return first

    def _read(self, params: Mapping[str, str]) -> list[str]:
        problems, pending = [], {}
        for param in self.link:
            if param.name not in params:
                continue
            try:
                value = param.parse(params[param.name])
            except Exception:  # noqa: BLE001 - a link is typed or cut by people: whatever it holds, the page opens
                value = None
            if value is None:
                if params[param.name]:
                    problems.append(param.name)
            elif param.key is None:
                pending[param.name] = value
            else:
                st.session_state[param.key] = value
        st.session_state[self._pending] = pending
        return problems

    def link_problems(self) -> list[str]:
        """Names of the link's parameters that could not be read (skipped), from the first visit."""
        return list(st.session_state.get(self._problems, []))

    def pending(self, name: str) -> Any:
        """The link's value of a keyless parameter, once (None when absent or already taken)."""
        return st.session_state.get(self._pending, {}).pop(name, None)

    def remember(self) -> None:
        """Copy the kept widgets' current values, to put them back when Streamlit drops them."""
        st.session_state[self._kept] = {
            key: copy.copy(st.session_state[key]) for key in self.keep if key in st.session_state
        }

    def write_link(self, params: Mapping[str, str]) -> dict[str, str]:
        """Make the address bar hold exactly ``params`` (written only when it does not already)."""
        params = {name: str(value) for name, value in params.items()}
        if _link() != params:
            st.query_params.from_dict(params)
        return params


def _link() -> dict[str, str]:
    return st.query_params.to_dict()
