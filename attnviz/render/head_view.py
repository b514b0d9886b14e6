"""Head view: lines from each token to the tokens it attends to, as a self-contained HTML page.

Left column: the tokens that attend (queries); right column: the tokens they attend to (keys).
A line i -> j is drawn for each shown head with weight w >= ``min_weight``; its opacity is w and
its thickness grows with w; each head has its own colour. Hovering (or focusing) a token shows
only its lines, on either side; clicking pins that token until it is clicked again; the
checkboxes show or hide heads. In the spirit of bertviz's head view, without its dependencies.

The page is plain HTML + SVG + vanilla JavaScript: no external script, font or CDN (classrooms
may be offline). Data travel as JSON inside ``<script type="application/json">`` with ``<``,
``>``, ``&`` and U+2028/U+2029 escaped, and tokens reach the page only through ``textContent``,
so a token such as ``</script>`` or ``"`` is shown literally and cannot break the page.

Show it in Streamlit 1.67 with ``st.iframe(html)``: an iframe where the script runs, whose
default ``height="content"`` fits the view (``head_view_height`` gives a fixed height if one is
wanted). ``st.components.v1.html`` still works but is deprecated (removal announced after
2026-06-01); ``st.html`` drops scripts unless told otherwise. ``st.iframe`` content runs with
same-origin access to the app, which is why every token goes through the escaping above. The
string is also a complete file: save it and open it in a browser.

The page itself lives beside this module, as bertviz keeps ``head_view.js`` beside its
``head_view.py``: ``head_view.html`` (the page, with ``__STYLE__`` and ``__SCRIPT__`` where
``head_view.css`` and ``head_view.js`` go) and the two files it takes in. They are read once and
filled in one pass: ``__DATA__`` with the JSON above, ``__ROOT_ID__`` (the element's id, which
scopes the CSS and the script), ``__LANG__``, ``__TITLE__``, ``__HINT__`` (HTML-escaped) and
``__FONT_SIZE__``. Keep them free of ``<!--`` and of any URL but the SVG namespace: the page must
stay self-contained.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import textwrap
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

__all__ = ["HEAD_COLORS", "head_view_html", "head_view_height", "head_view_lines"]

# Distinct colours for up to 12 heads (d3's category10 plus two darker ones).
HEAD_COLORS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
)
_COLOR_RE = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|rgba?\(\s*[0-9.,%\s]+\))$")
_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")

_ROW_FACTOR = 1.75  # row height / font size
_HEADER_PX = 40  # title and margins
_FOOTER_PX = 40  # hint


def head_view_height(n_tokens: int, *, n_heads: int = 1, font_size: int = 14) -> int:
    """The iframe height (pixels) that shows ``n_tokens`` rows without scrolling
    (the legend wraps after about six heads on a typical column)."""
    legend_rows = max(1, -(-n_heads // 6))
    legend_px = legend_rows * round(font_size * 1.6)
    return int(_HEADER_PX + legend_px + _FOOTER_PX + 16 + n_tokens * round(font_size * _ROW_FACTOR))


def _as_heads(weights: np.ndarray) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim == 2:
        w = w[None]
    if w.ndim != 3 or 0 in w.shape:
        raise ValueError(f"weights must be (T, S) or (heads, T, S); got shape {np.shape(weights)}")
    if not np.all(np.isfinite(w)):
        raise ValueError("weights contain NaN or infinite values")
    return w


def head_view_lines(
    weights: np.ndarray, min_weight: float = 0.01, decimals: int = 3
) -> list[dict[str, list]]:
    """The lines to draw, per head: ``{"i": [...], "j": [...], "w": [...]}`` with w >= min_weight."""
    w = np.round(_as_heads(weights), decimals)
    out = []
    for head in w:  # one entry per shown head (a handful), cells found with np.nonzero
        i, j = np.nonzero(head >= max(min_weight, 10.0**-decimals))
        out.append({"i": i.tolist(), "j": j.tolist(), "w": head[i, j].tolist()})
    return out


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element (cannot close it or open a comment)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def head_view_html(
    weights: np.ndarray,
    tokens: Sequence[str],
    to_tokens: Sequence[str] | None = None,
    *,
    head_labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    title: str = "",
    hint: str = "",
    min_weight: float = 0.01,
    decimals: int = 3,
    font_size: int = 14,
    lang: str = "es",
    element_id: str | None = None,
) -> str:
    """A complete HTML page with the head view of ``weights``.

    ``weights``: (T, S) for one head or (K, T, S) for K heads shown together (e.g. some heads of
    one layer: ``attentions[layer, heads]``), rows = queries. ``tokens``: the T query labels;
    ``to_tokens``: the S key labels (default: the same). ``head_labels``: a legend entry per head
    (already translated, e.g. "Cabeza 3"). Lines under ``min_weight`` are not drawn (they would be
    almost invisible, and there can be K*T*S of them).
    """
    w = _as_heads(weights)
    n_heads, n_from, n_to = w.shape
    from_labels = [str(t) for t in tokens]
    to_labels = from_labels if to_tokens is None else [str(t) for t in to_tokens]
    if len(from_labels) != n_from or len(to_labels) != n_to:
        raise ValueError(f"{len(from_labels)} / {len(to_labels)} tokens for weights of shape {w.shape}")
    head_labels = [str(h) for h in (head_labels if head_labels is not None else range(n_heads))]
    if len(head_labels) != n_heads:
        raise ValueError(f"{len(head_labels)} head labels for {n_heads} heads")
    palette = (
        list(colors) if colors is not None else [HEAD_COLORS[k % len(HEAD_COLORS)] for k in range(n_heads)]
    )
    if len(palette) < n_heads or not all(_COLOR_RE.match(c) for c in palette):
        raise ValueError("colors must give one CSS colour (#rgb, #rrggbb, a name or rgb()) per head")
    if not 0 <= min_weight <= 1:
        raise ValueError("min_weight must be between 0 and 1")
    lines = head_view_lines(w, min_weight, decimals)
    payload = {
        "from": from_labels,
        "to": to_labels,
        "heads": [
            {"label": label, "color": color, **line}
            for label, color, line in zip(head_labels, palette, lines)
        ],
        "fontSize": int(font_size),
        "decimals": int(decimals),
    }
    data_json = _script_json(payload)
    if element_id is None:
        element_id = "attnviz-hv-" + hashlib.sha1(data_json.encode("utf-8")).hexdigest()[:10]
    if not _ID_RE.match(element_id):
        raise ValueError("element_id must be letters, digits, '-' or '_', starting with a letter")
    values = {
        "ROOT_ID": element_id,
        "LANG": html.escape(lang, quote=True),
        "TITLE": html.escape(title),
        "HINT": html.escape(hint),
        "FONT_SIZE": str(int(font_size)),
        "DATA": data_json,
    }
    # One pass, so text that happens to contain a placeholder's name is never substituted again.
    return _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], _template())


_PLACEHOLDER_RE = re.compile(r"__(ROOT_ID|LANG|TITLE|HINT|FONT_SIZE|DATA)__")
_PART_RE = re.compile(r"__(STYLE|SCRIPT)__")


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template() -> str:
    """head_view.html with head_view.css (indented under ``<style>``) and head_view.js put in."""
    parts = {
        "STYLE": textwrap.indent(_read("head_view.css").strip("\n"), "  "),
        "SCRIPT": _read("head_view.js").strip("\n"),
    }
    return _PART_RE.sub(lambda m: parts[m.group(1)], _read("head_view.html").rstrip("\n") + "\n")
