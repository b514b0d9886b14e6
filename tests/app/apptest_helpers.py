"""Small helpers to read what an AppTest run put on the page.

Tests match what the page says through the translation tables (``tr``), never through Spanish or
English literals, and pick Plotly charts by the ``key`` the page gives ``st.plotly_chart``
(``charts``, ``chart``), never by position or title."""

import json
import re
from pathlib import Path

from streamlit.runtime.state.common import user_key_from_element_id
from streamlit.testing.v1 import AppTest

from attnviz.i18n import keys, translate

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(
    page: str | None = None,
    *,
    lang: str = "es",
    query: dict | None = None,
    state: dict | None = None,
    timeout: int = 60,
) -> AppTest:
    """Run the app (optionally with URL query parameters, and session state set before the first
    run, e.g. the visitor token a browser's cookie would bring) and switch to ``page``."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def tr(key: str, lang: str = "es", **values: object) -> str:
    """The page's text for ``key`` in ``lang``, placeholders filled (a key missing in that
    language's table fails the test instead of matching the key's own text)."""
    assert key in keys(lang), f"no translation key {key!r} in {lang}"
    return translate(lang, key, **values)


def tr_pattern(key: str, lang: str = "es", **values: object) -> re.Pattern:
    """A regular expression for the text of ``key``: the placeholders given in ``values`` filled,
    every other one matching any text (a score, a path: values the test cannot know). Use
    ``fullmatch`` on one element's text, ``search`` on a longer one."""
    assert key in keys(lang), f"no translation key {key!r} in {lang}"
    template = translate(lang, key)
    pattern = []
    for part in re.split(r"(\{\w+(?:[:!][^{}]*)?\})", template):
        name = re.fullmatch(r"\{(\w+)(?:[:!][^{}]*)?\}", part)
        if name is None:
            pattern.append(re.escape(part))
        elif name.group(1) in values:
            pattern.append(re.escape(part.format(**values)))
        else:
            pattern.append("(.+?)")
    return re.compile("".join(pattern), flags=re.S)


def charts(at: AppTest) -> dict[str, dict]:
    """Plotly figures on the page, by the ``key`` given to ``st.plotly_chart``. Every chart must
    have one (unique per run, Streamlit checks that)."""
    out = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        key = user_key_from_element_id(element.proto.id)
        assert key is not None, f"a chart without a key on the page, titled {title(spec)!r}"
        out[key] = spec
    return out


def chart(at: AppTest, key: str) -> dict:
    """The Plotly figure drawn with ``key`` (fails listing the page's chart keys when absent)."""
    found = charts(at)
    assert key in found, f"no chart {key!r} on the page; there are {sorted(found)}"
    return found[key]


def title(spec: dict) -> str:
    """A Plotly figure's title text."""
    return spec.get("layout", {}).get("title", {}).get("text", "")


def texts(at: AppTest) -> str:
    """All markdown, captions, errors, warnings and infos as one string."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "error",
        "warning",
        "info",
        "success",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def plotly_array(value):
    """A trace attribute as numpy: Plotly 6 sends numpy arrays as base64 typed arrays."""
    import base64

    import numpy as np

    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape:
            data = data.reshape([int(s) for s in str(shape).split(",")])
        return data
    return np.array(value, dtype=float)
