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
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from typing import Sequence

import numpy as np

__all__ = ["HEAD_COLORS", "head_view_html", "head_view_height", "head_view_lines"]

# Distinct colours for up to 12 heads (d3's category10 plus two darker ones).
HEAD_COLORS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
)
_COLOR_RE = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|rgba?\(\s*[0-9.,%\s]+\))$")
_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")

_ROW_FACTOR = 1.75   # row height / font size
_HEADER_PX = 40      # title and margins
_FOOTER_PX = 40      # hint


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


def head_view_lines(weights: np.ndarray, min_weight: float = 0.01, decimals: int = 3) -> list[dict[str, list]]:
    """The lines to draw, per head: ``{"i": [...], "j": [...], "w": [...]}`` with w >= min_weight."""
    w = np.round(_as_heads(weights), decimals)
    out = []
    for head in w:  # one entry per shown head (a handful), cells found with np.nonzero
        i, j = np.nonzero(head >= max(min_weight, 10.0 ** -decimals))
        out.append({"i": i.tolist(), "j": j.tolist(), "w": head[i, j].tolist()})
    return out


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element (cannot close it or open a comment)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
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
    palette = list(colors) if colors is not None else [HEAD_COLORS[k % len(HEAD_COLORS)] for k in range(n_heads)]
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
    return _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], _TEMPLATE)


_PLACEHOLDER_RE = re.compile(r"__(ROOT_ID|LANG|TITLE|HINT|FONT_SIZE|DATA)__")


_TEMPLATE = """<!DOCTYPE html>
<html lang="__LANG__">
<head>
<meta charset="utf-8">
<style>
  html, body { margin: 0; padding: 0; background: #ffffff; }
  #__ROOT_ID__ { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    font-size: __FONT_SIZE__px; color: #222; padding: 6px 8px; overflow-x: auto; }
  #__ROOT_ID__ .hv-title { font-weight: 600; min-height: 1.2em; margin-bottom: 6px; }
  #__ROOT_ID__ .hv-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-bottom: 6px; }
  #__ROOT_ID__ .hv-legend label { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
  #__ROOT_ID__ .hv-swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; }
  #__ROOT_ID__ .hv-hint { color: #666; font-size: 0.85em; margin-top: 4px; }
  #__ROOT_ID__ svg { display: block; }
  #__ROOT_ID__ .hv-token { cursor: pointer; pointer-events: all; outline: none; }
  #__ROOT_ID__ .hv-token text { fill: #222; dominant-baseline: central; }
  #__ROOT_ID__ .hv-token.hv-active text { font-weight: 700; }
  #__ROOT_ID__ .hv-token.hv-active rect.hv-bg { fill: #ffe9a8; fill-opacity: 1; }
  #__ROOT_ID__ .hv-token:focus-visible rect.hv-bg { stroke: #333; stroke-width: 1; }
  #__ROOT_ID__ .hv-base.hv-dim { opacity: 0.07; }
  #__ROOT_ID__ line { stroke-linecap: round; }
</style>
</head>
<body>
<div id="__ROOT_ID__" class="attnviz-head-view">
  <div class="hv-title">__TITLE__</div>
  <div class="hv-legend"></div>
  <svg xmlns="http://www.w3.org/2000/svg" role="img"></svg>
  <div class="hv-hint">__HINT__</div>
</div>
<script type="application/json" id="__ROOT_ID__-data">__DATA__</script>
<script>
(function () {
  "use strict";
  var root = document.getElementById("__ROOT_ID__");
  var data = JSON.parse(document.getElementById("__ROOT_ID__-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var svg = root.querySelector("svg");
  var legend = root.querySelector(".hv-legend");
  var rowH = Math.round(data.fontSize * 1.75);
  var pad = 8, top = 6;
  var visible = data.heads.map(function () { return true; });
  var hover = null, pinned = null;

  function el(tag, attrs, parent) {
    var node = document.createElementNS(NS, tag);
    for (var k in attrs) { node.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  var baseG = el("g", {"class": "hv-base"}, svg);
  var hiG = el("g", {"class": "hv-highlight"}, svg);
  var fromG = el("g", {}, svg), toG = el("g", {}, svg);

  function makeTokens(labels, group, side) {
    return labels.map(function (label, index) {
      var g = el("g", {"class": "hv-token", "tabindex": "0", "data-side": side, "data-index": index,
                       "role": "button"}, group);
      var bg = el("rect", {"class": "hv-bg", "fill": "#000", "fill-opacity": "0", "rx": 3}, g);
      var text = el("text", {}, g);
      text.textContent = label;
      g.setAttribute("aria-label", label);
      return {g: g, bg: bg, text: text, width: text.getComputedTextLength ? text.getComputedTextLength() : label.length * 8};
    });
  }
  var fromTokens = makeTokens(data.from, fromG, "from");
  var toTokens = makeTokens(data.to, toG, "to");
  function widest(tokens) { return tokens.reduce(function (m, t) { return Math.max(m, t.width); }, 20); }
  var fromW = widest(fromTokens) + 12, toW = widest(toTokens) + 12;
  var room = (root.clientWidth || 600) - fromW - toW - 2 * pad - 20;
  var gapW = Math.max(120, Math.min(320, room));
  var xFromEnd = pad + fromW, xToStart = xFromEnd + gapW;
  var width = xToStart + toW + pad;
  var rows = Math.max(data.from.length, data.to.length);
  svg.setAttribute("width", width);
  svg.setAttribute("height", top + rows * rowH + pad);

  function place(tokens, x0, anchorEnd) {
    tokens.forEach(function (t, index) {
      var y = top + index * rowH;
      t.y = y + rowH / 2;
      t.bg.setAttribute("x", x0); t.bg.setAttribute("y", y + 1);
      t.bg.setAttribute("width", anchorEnd ? fromW : toW); t.bg.setAttribute("height", rowH - 2);
      t.text.setAttribute("x", anchorEnd ? x0 + fromW - 6 : x0 + 6);
      t.text.setAttribute("y", t.y);
      t.text.setAttribute("text-anchor", anchorEnd ? "end" : "start");
    });
  }
  place(fromTokens, pad, true);
  place(toTokens, xToStart, false);

  function fmt(w) { return Number(w).toFixed(data.decimals); }
  function drawLine(parent, head, n, strong) {
    var w = head.w[n], i = head.i[n], j = head.j[n];
    var line = el("line", {
      x1: xFromEnd + 4, y1: fromTokens[i].y, x2: xToStart - 4, y2: toTokens[j].y,
      stroke: head.color,
      "stroke-opacity": strong ? Math.min(1, 0.25 + 0.75 * w) : w,
      "stroke-width": strong ? 1 + 5 * w : 0.6 + 3.4 * w
    }, parent);
    if (strong) {
      var tip = el("title", {}, line);
      tip.textContent = data.from[i] + " \\u2192 " + data.to[j] + ": " + fmt(w) + " (" + head.label + ")";
    }
    return line;
  }
  function drawBase() {
    while (baseG.firstChild) { baseG.removeChild(baseG.firstChild); }
    data.heads.forEach(function (head, k) {
      if (!visible[k]) { return; }
      for (var n = 0; n < head.w.length; n++) { drawLine(baseG, head, n, false); }
    });
  }
  function render() {
    var active = pinned || hover;
    while (hiG.firstChild) { hiG.removeChild(hiG.firstChild); }
    fromTokens.concat(toTokens).forEach(function (t) {
      t.g.classList.remove("hv-active");
      t.bg.setAttribute("fill", "#000"); t.bg.setAttribute("fill-opacity", "0");
    });
    baseG.classList.toggle("hv-dim", !!active);
    root.setAttribute("data-active", active ? active.side + ":" + active.index : "");
    if (!active) { return; }
    var mine = active.side === "from" ? fromTokens : toTokens;
    var others = active.side === "from" ? toTokens : fromTokens;
    mine[active.index].g.classList.add("hv-active");
    var best = others.map(function () { return 0; });
    var bestColor = others.map(function () { return "#555"; });
    data.heads.forEach(function (head, k) {
      if (!visible[k]) { return; }
      var key = active.side === "from" ? head.i : head.j;
      var other = active.side === "from" ? head.j : head.i;
      for (var n = 0; n < head.w.length; n++) {
        if (key[n] !== active.index) { continue; }
        drawLine(hiG, head, n, true);
        if (head.w[n] > best[other[n]]) {
          best[other[n]] = head.w[n];
          bestColor[other[n]] = head.color;
        }
      }
    });
    others.forEach(function (t, index) {
      if (best[index] > 0) {
        t.bg.setAttribute("fill", bestColor[index]);
        t.bg.setAttribute("fill-opacity", String(0.1 + 0.4 * best[index]));
      }
    });
  }
  function same(a, b) { return a && b && a.side === b.side && a.index === b.index; }
  fromTokens.concat(toTokens).forEach(function (t) {
    var spot = {side: t.g.getAttribute("data-side"), index: Number(t.g.getAttribute("data-index"))};
    t.g.addEventListener("mouseenter", function () { hover = spot; render(); });
    t.g.addEventListener("mouseleave", function () { hover = null; render(); });
    t.g.addEventListener("focus", function () { hover = spot; render(); });
    t.g.addEventListener("blur", function () { hover = null; render(); });
    t.g.addEventListener("click", function () { pinned = same(pinned, spot) ? null : spot; render(); });
    t.g.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault(); pinned = same(pinned, spot) ? null : spot; render();
      }
    });
  });

  data.heads.forEach(function (head, k) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { visible[k] = box.checked; drawBase(); render(); });
    var swatch = document.createElement("span");
    swatch.className = "hv-swatch"; swatch.style.background = head.color;
    var name = document.createElement("span");
    name.textContent = head.label;
    label.appendChild(box); label.appendChild(swatch); label.appendChild(name);
    legend.appendChild(label);
  });
  drawBase();
  render();
})();
</script>
</body>
</html>
"""
