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
      tip.textContent = data.from[i] + " \u2192 " + data.to[j] + ": " + fmt(w) + " (" + head.label + ")";
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
