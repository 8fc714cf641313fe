/* The AI Money Loop: draws every chart to fit its column, redraws on resize and theme change,
   wraps titles, moves legends below on phones, and formats tooltips. Local only: no request leaves the site. */
(function () {
  "use strict";
  var NARROW = 480; // px: phone layout at or below this chart width
  var charts = (window.mlCharts = window.mlCharts || []);
  var measure = document.createElement("canvas").getContext("2d");

  function isDark() {
    var t = document.documentElement.dataset.theme;
    if (t === "dark") return true;
    if (t === "light") return false;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  // Greedy word wrap by measured text width, so a title never runs past the chart's edge.
  function wrap(text, px, font, width, weight) {
    if (!text || typeof text !== "string") return text;
    measure.font = (weight || "normal") + " " + px + "px " + font;
    var words = text.split(/\s+/), lines = [], line = "";
    words.forEach(function (w) {
      var next = line ? line + " " + w : w;
      if (line && measure.measureText(next).width > width) { lines.push(line); line = w; } else { line = next; }
    });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : text;
  }

  function wrapTitle(title, cfg, width) {
    if (!title) return title;
    var t = typeof title === "string" ? { text: title } : Object.assign({}, title);
    var font = (cfg.title && cfg.title.font) || cfg.font || "sans-serif";
    var size = (cfg.title && cfg.title.fontSize) || 17;
    var sub = (cfg.title && cfg.title.subtitleFontSize) || 13;
    var one = function (v, px, weight) {
      return wrap(Array.isArray(v) ? v.join(" ") : v, px, font, width, weight);
    };
    t.text = one(t.text, size, "bold"); // Vega draws titles bold
    if (t.subtitle) t.subtitle = one(t.subtitle, sub, "normal");
    return t;
  }

  // Walk every view of a spec and apply fn to each object holding encodings.
  function eachView(spec, fn) {
    if (!spec || typeof spec !== "object") return;
    fn(spec);
    ["layer", "hconcat", "vconcat", "concat"].forEach(function (k) {
      (spec[k] || []).forEach(function (s) { eachView(s, fn); });
    });
    if (spec.spec) eachView(spec.spec, fn);
  }

  // The spec as drawn at this width and theme: sizes, wrapped titles, phone legends and label limits.
  function adapt(spec, width) {
    var s = JSON.parse(JSON.stringify(spec));
    var cfg = (s.config = s.config || {});
    var narrow = width <= NARROW;
    var inner = Math.max(width - 24, 200);
    cfg.autosize = { type: "fit-x", contains: "padding" };
    // Room on the right for labels drawn at the end of a line or bar (values, notes), which would
    // otherwise run past the chart's edge; fit-x shrinks the plot to keep it.
    s.padding = { left: narrow ? 36 : 5, top: 5, bottom: 5, right: narrow ? 44 : 72 };
    if (!s.hconcat && !s.vconcat && !s.concat && !s.facet && !s.repeat) s.width = inner;
    if (narrow && s.hconcat) { s.vconcat = s.hconcat; delete s.hconcat; }
    if (s.vconcat || s.hconcat || s.concat) {
      var parts = s.hconcat ? s.hconcat.length : 1;
      (s.vconcat || s.hconcat || s.concat).forEach(function (p) {
        if (typeof p.width === "number" || p.width === "container" || p.width === undefined) {
          if (!p.facet && !p.repeat) p.width = Math.max(Math.floor(inner / parts) - 90, 120);
        }
      });
    }
    s.title = wrapTitle(s.title, cfg, inner - s.padding.left - s.padding.right - 14); // inside the padding, with a margin
    // Long category labels are cut (with an ellipsis; the tooltip has the full text) so the plot keeps
    // at least half the width.
    var labelCap = Math.round(Math.max(inner * (narrow ? 0.3 : 0.35), 60));
    var titleCap = Math.round(inner - 30); // an axis title never runs past the chart (ellipsis instead)
    cfg.axis = Object.assign({}, cfg.axis, { labelLimit: labelCap, titleLimit: titleCap });
    // An x-axis title is centred on the plot, which is narrower than the chart by the y-axis labels.
    var xTitleCap = Math.round(Math.max(inner - labelCap - 50, 120));
    cfg.axisX = Object.assign({}, cfg.axisX, { titleLimit: xTitleCap });
    eachView(s, function (v) {
      ["x", "y"].forEach(function (ch) {
        var a = v.encoding && v.encoding[ch] && v.encoding[ch].axis;
        if (a && (a.labelLimit === undefined || a.labelLimit > labelCap)) a.labelLimit = labelCap;
        var cap = ch === "x" ? xTitleCap : titleCap;
        if (a && (a.titleLimit === undefined || a.titleLimit > cap)) a.titleLimit = cap;
      });
    });
    // Legends sit below the plot in columns; as many columns as fit, each label cut to its column.
    // The legend starts at the plot's left edge, after the y-axis labels, so its room is narrower.
    var room = inner - 80;
    var cols = Math.max(1, Math.floor(room / 260));
    var colLimit = Math.round(room / cols - 50);
    // Several legends below a chart stack instead of standing side by side past its right edge.
    cfg.legend = Object.assign({}, cfg.legend, {
      columns: cols, labelLimit: colLimit,
      layout: { bottom: { anchor: "start", direction: "vertical", margin: 8 }, top: { anchor: "start", direction: "vertical", margin: 8 } }
    });
    eachView(s, function (v) {
      Object.keys(v.encoding || {}).forEach(function (ch) {
        var e = v.encoding[ch];
        if (e && e.legend && (e.legend.columns === undefined || e.legend.columns > cols)) {
          e.legend = Object.assign({}, e.legend, { columns: cols, labelLimit: colLimit });
        }
      });
    });
    if (narrow) {
      cfg.legend = Object.assign(cfg.legend, {
        orient: "bottom", direction: "vertical", columns: 1, titleLimit: room, labelLimit: room - 80,
        layout: { bottom: { anchor: "start", direction: "vertical", margin: 8 } } // several legends stack
      });
      eachView(s, function (v) {
        Object.keys(v.encoding || {}).forEach(function (ch) {
          var e = v.encoding[ch];
          if (e && e.legend) {
            e.legend = Object.assign({}, e.legend, { orient: "bottom", direction: "vertical", columns: 1, labelLimit: room - 80 });
          }
        });
      });
    }
    if (narrow) {
      // Notes drawn as text marks (a rule's label, a value at a line's end) are cut to half the width.
      eachView(s, function (v) {
        var m = v.mark;
        if (m === "text" || (m && m.type === "text")) {
          v.mark = Object.assign({}, typeof m === "string" ? { type: m } : m, { limit: Math.round(inner * 0.5) });
        }
      });
    }
    if (narrow) phoneNetwork(s);
    if (isDark()) {
      var fg = "#e6e6e6", muted = "#bdbdbd";
      cfg.background = "transparent";
      cfg.title = Object.assign({}, cfg.title, { color: fg, subtitleColor: muted });
      cfg.axis = Object.assign(cfg.axis, { labelColor: muted, titleColor: fg, gridColor: "#3a3a3a", domainColor: "#888", tickColor: "#888" });
      cfg.legend = Object.assign(cfg.legend, { labelColor: muted, titleColor: fg });
      cfg.header = Object.assign({}, cfg.header, { labelColor: muted, titleColor: fg });
      cfg.text = Object.assign({}, cfg.text, { color: fg });
      cfg.view = Object.assign({}, cfg.view, { stroke: null });
      darkInk(s, fg);
    }
    return s;
  }

  // A node-link diagram (a circle layer sized by a field, placed on x/y, with edges drawn from x,y to x2,y2) is
  // unreadable on a phone: keep the TOP_NODES largest nodes, label the TOP_LABELS largest, and the edges among them.
  var TOP_NODES = 10, TOP_LABELS = 6;
  function layerWith(s, test) {
    return (s.layer || []).filter(function (l) { return l.data && l.data.name && test(l); });
  }
  function phoneNetwork(s) {
    if (!s.layer || !s.datasets) return;
    var nodesL = layerWith(s, function (l) {
      var m = l.mark && (l.mark.type || l.mark);
      return m === "circle" && l.encoding && l.encoding.size && l.encoding.size.field && l.encoding.x;
    })[0];
    if (!nodesL) return;
    var edgesL = layerWith(s, function (l) { return l.encoding && l.encoding.x2 && l.encoding.y2; });
    if (!edgesL.length) return;
    var size = nodesL.encoding.size.field, xf = nodesL.encoding.x.field, yf = nodesL.encoding.y.field;
    var rows = (s.datasets[nodesL.data.name] || []).slice().sort(function (a, b) { return (b[size] || 0) - (a[size] || 0); });
    var top = rows.slice(0, TOP_NODES), at = {};
    top.forEach(function (r) { at[r[xf] + "," + r[yf]] = true; });
    var labelled = {};
    top.slice(0, TOP_LABELS).forEach(function (r) { labelled[r[xf] + "," + r[yf]] = true; });
    var textL = layerWith(s, function (l) {
      var m = l.mark && (l.mark.type || l.mark);
      return m === "text" && l.data.name === nodesL.data.name && l.encoding && l.encoding.text;
    })[0];
    var tf = textL && textL.encoding.text.field;
    s.datasets[nodesL.data.name] = top.map(function (r) {
      var c = Object.assign({}, r);
      if (tf && !labelled[r[xf] + "," + r[yf]]) c[tf] = "";
      return c;
    });
    edgesL.forEach(function (l) {
      var e = l.encoding, a = e.x.field, b = e.y.field, a2 = e.x2.field, b2 = e.y2.field;
      if (!a2 || !b2) return;
      s.datasets[l.data.name] = (s.datasets[l.data.name] || []).filter(function (r) {
        return at[r[a] + "," + r[b]] && at[r[a2] + "," + r[b2]];
      });
    });
    // Zoom onto the kept nodes, so the phone's narrow chart is not mostly empty space.
    [[xf, "x"], [yf, "y"]].forEach(function (fc) {
      var v = top.map(function (r) { return r[fc[0]]; }).filter(isFinite);
      if (!v.length) return;
      var lo = Math.min.apply(null, v), hi = Math.max.apply(null, v), pad = 0.12 * (hi - lo) + 0.03;
      s.layer.forEach(function (l) {
        var e = l.encoding && l.encoding[fc[1]];
        if (e && e.type === "quantitative") e.scale = Object.assign({}, e.scale, { domain: [lo - pad, hi + pad * (fc[1] === "y" ? 1.6 : 1)] });
      });
    });
    if (typeof s.height === "number") s.height = Math.min(s.height, 360);
    s.usermeta = Object.assign({}, s.usermeta, { phoneNetwork: TOP_NODES });
  }

  // On a dark background, ink a chart sets itself in black or near-black (label colours, black in a colour
  // scale's range) would vanish: it is drawn in the light text colour instead.
  var INK = /^(#000|#000000|black|#111|#111111|#222|#222222|#333|#333333)$/i;
  function darkInk(s, fg) {
    eachView(s, function (v) {
      var m = v.mark;
      if (m && typeof m === "object") {
        ["color", "stroke", "fill"].forEach(function (k) { if (typeof m[k] === "string" && INK.test(m[k])) m[k] = fg; });
      }
      Object.keys(v.encoding || {}).forEach(function (ch) {
        var sc = v.encoding[ch] && v.encoding[ch].scale;
        if (sc && Array.isArray(sc.range)) sc.range = sc.range.map(function (c) { return typeof c === "string" && INK.test(c) ? fg : c; });
      });
    });
    var r = s.config.range;
    if (r && Array.isArray(r.category)) r.category = r.category.map(function (c) { return INK.test(c) ? fg : c; });
  }

  function esc(v) {
    return String(v).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function fmtValue(v) {
    if (typeof v === "number" && isFinite(v)) {
      return v.toLocaleString("en-US", { maximumFractionDigits: Math.abs(v) < 1 && v !== 0 ? 3 : 2 });
    }
    return String(v);
  }

  // Tooltip text: no empty values, no internal ids, numbers rounded; everything escaped.
  function formatTooltip(value) {
    if (value === null || value === undefined) return "";
    if (typeof value !== "object") return esc(fmtValue(value));
    var rows = Object.keys(value).filter(function (k) {
      var v = value[k];
      return k !== "title" && v !== null && v !== undefined && v !== "" && !(typeof v === "number" && isNaN(v)) &&
        !/(^|[ _])id$/i.test(k);
    });
    var head = value.title ? "<h2>" + esc(value.title) + "</h2>" : "";
    return head + "<table>" + rows.map(function (k) {
      return '<tr><td class="key">' + esc(k) + ':</td><td class="value">' + esc(fmtValue(value[k])) + "</td></tr>";
    }).join("") + "</table>";
  }

  function draw(c) {
    if (!window.vegaEmbed) { c.el.textContent = "Chart library (vega-bundle.js) not loaded."; return; }
    var width = c.el.clientWidth || c.el.parentElement.clientWidth || 600;
    var key = width + "|" + isDark();
    if (c.key === key) return;
    c.key = key;
    if (c.view) { c.view.finalize(); c.view = null; }
    var spec = adapt(c.spec, width);
    window.vegaEmbed(c.el, spec, {
      mode: "vega-lite", actions: false, renderer: "svg",
      tooltip: { formatTooltip: formatTooltip, theme: isDark() ? "dark" : "light" }
    }).then(function (r) {
      c.view = r.view;
      c.step = -1;
      var svg = c.el.querySelector("svg");
      if (svg) { svg.setAttribute("focusable", "false"); svg.setAttribute("aria-hidden", "true"); }
      r.view.addEventListener("click", function (event, item) { tip(c, event, item); });
      phoneNote(c, spec.usermeta && spec.usermeta.phoneNetwork);
    }).catch(function (e) { c.el.textContent = "Chart failed to render: " + e.message; });
  }

  // --- tooltips on tap and from the keyboard ---------------------------------------------------
  // A tap fires no pointer move, so Vega never shows the tooltip: show it on click (a tap is one), hide it
  // on a tap outside any mark.
  function tip(c, event, item) {
    var h = c.view && c.view.tooltip();
    if (!h) return;
    var value = item && item.tooltip != null ? item.tooltip : null;
    h.call(c.view, c.view._handler, event, item || null, value);
    return value;
  }

  // Every mark with a tooltip, left to right, with its position on the page.
  function marks(c) {
    var out = [];
    (function walk(node) {
      if (!node) return;
      (node.items || []).forEach(function (it) {
        if (it.tooltip != null && it.bounds && isFinite(it.bounds.x1)) out.push(it);
        if (it.items) walk(it);
      });
    })(c.view.scenegraph().root);
    return out.map(function (it) {
      var x = (it.bounds.x1 + it.bounds.x2) / 2, y = (it.bounds.y1 + it.bounds.y2) / 2;
      for (var g = it.mark && it.mark.group; g; g = g.mark && g.mark.group) { x += g.x || 0; y += g.y || 0; }
      return { item: it, x: x, y: y };
    }).sort(function (a, b) { return a.x - b.x || a.y - b.y; });
  }

  function plain(value) {
    if (value === null || typeof value !== "object") return fmtValue(value);
    return Object.keys(value).filter(function (k) {
      var v = value[k];
      return v !== null && v !== undefined && v !== "" && !/(^|[ _])id$/i.test(k);
    }).map(function (k) { return k === "title" ? value[k] : k + ": " + fmtValue(value[k]); }).join("; ");
  }

  function live(c) {
    var id = c.id + "-live", el = document.getElementById(id);
    if (!el) {
      el = document.createElement("p");
      el.id = id; el.className = "ml-sr-only"; el.setAttribute("aria-live", "polite");
      c.el.insertAdjacentElement("afterend", el);
    }
    return el;
  }

  // The chart takes the keyboard focus: arrow keys step through its marks, showing each one's tooltip and
  // reading it out; Home and End jump to the ends, Escape hides the tooltip.
  function keyboard(c) {
    var el = c.el;
    el.tabIndex = 0;
    var hint = "Arrow keys step through the chart's data points; Escape closes the tooltip.";
    el.setAttribute("aria-roledescription", "interactive chart");
    el.setAttribute("title", hint);
    function show(i) {
      var all = marks(c);
      if (!all.length) return;
      c.step = Math.max(0, Math.min(all.length - 1, i));
      var m = all[c.step], svg = el.querySelector("svg"), box = svg.getBoundingClientRect();
      var scale = box.width / (parseFloat(svg.getAttribute("width")) || box.width);
      var o = c.view._origin || [0, 0];
      var x = box.left + (m.x + o[0]) * scale, y = box.top + (m.y + o[1]) * scale;
      var ev = new MouseEvent("pointermove", { clientX: x, clientY: y, bubbles: false });
      var value = tip(c, ev, m.item);
      live(c).textContent = (c.step + 1) + " of " + all.length + ": " + plain(value);
    }
    el.addEventListener("focus", function () {
      if (!c.view) return;
      var n = marks(c).length;
      live(c).textContent = n ? n + " data points. " + hint : "";
    });
    el.addEventListener("blur", function () { if (c.view) tip(c, new MouseEvent("pointerout"), null); });
    el.addEventListener("keydown", function (e) {
      if (!c.view) return;
      var k = e.key;
      if (k === "ArrowRight" || k === "ArrowDown") show(c.step + 1);
      else if (k === "ArrowLeft" || k === "ArrowUp") show(c.step < 0 ? 0 : c.step - 1);
      else if (k === "Home") show(0);
      else if (k === "End") show(1e9);
      else if (k === "Escape") tip(c, new MouseEvent("pointerout"), null);
      else return;
      e.preventDefault();
    });
  }

  // On a phone the deal web shows its largest nodes only; a note says so and links to the full table.
  function phoneNote(c, top) {
    var id = c.id + "-phone", note = document.getElementById(id);
    if (!top) { if (note) note.remove(); return; }
    if (note) return;
    var fig = c.el.closest("figure");
    var after = fig ? fig.nextElementSibling : null, table = null;
    for (var n = after; n && !table; n = n.nextElementSibling) {
      table = n.matches("details, .ml-table-wrap, .cell") && n.querySelector("table") ? n : null;
    }
    note = document.createElement("p");
    note.id = id; note.className = "ml-phone-note";
    note.textContent = "On a phone the web shows the " + top + " companies with the most deals and labels the largest. ";
    if (table) {
      if (!table.id) table.id = c.id + "-table";
      var a = document.createElement("a");
      a.href = "#" + table.id; a.textContent = "Every deal is in the table below.";
      note.appendChild(a);
    }
    c.el.insertAdjacentElement("afterend", note);
  }

  var pending = null;
  function redrawAll() {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(draw); }, 120);
  }

  function start(c) {
    c.el = document.getElementById(c.id);
    if (!c.el) return;
    keyboard(c);
    draw(c);
    if (window.ResizeObserver) new ResizeObserver(redrawAll).observe(c.el);
  }

  function init() {
    charts.forEach(start);
    charts.push = function (c) { Array.prototype.push.call(charts, c); start(c); return charts.length; };
    new MutationObserver(redrawAll).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    // In the theme's automatic mode, follow the operating system's light/dark setting as it changes.
    var os = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
    if (os && os.addEventListener) os.addEventListener("change", redrawAll);
    window.addEventListener("resize", redrawAll);
  }

  // Chart/table toggle under each figure: one button swaps the drawing and the data table behind it.
  function toggles() {
    document.querySelectorAll("button.ml-toggle").forEach(function (b) {
      b.addEventListener("click", function () {
        var fig = document.getElementById(b.getAttribute("aria-controls"));
        if (!fig) return;
        var showTable = b.getAttribute("aria-pressed") !== "true";
        b.setAttribute("aria-pressed", String(showTable));
        b.textContent = showTable ? "Show chart" : "Show table";
        fig.classList.toggle("ml-show-table", showTable);
        if (!showTable) redrawAll();
      });
    });
  }

  // The theme's search button is labelled "Search" but shows "Search Ctrl+K": let its visible text name it.
  function names() {
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (b) { b.removeAttribute("aria-label"); });
  }

  // Stacked tables on phones label each cell with its column header (kept out of the HTML to keep pages light).
  function stackLabels() {
    document.querySelectorAll("table.ml-stack").forEach(function (tb) {
      var heads = Array.prototype.map.call(tb.querySelectorAll("thead th"), function (th) { return th.textContent; });
      tb.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) { if (heads[i]) td.setAttribute("data-label", heads[i]); });
      });
    });
  }

  // Long tables (over FILTER_ROWS rows) get a filter: words to find in any cell, and a choice of value for each
  // column a reader sorts by (company, status, verdict, grade and the like). Plain script, nothing fetched.
  var FILTER_ROWS = 20, MAX_CHOICES = 40;
  var FILTER_COLUMNS = /company|payer|payee|status|verdict|verified|grade|kind|type|chapter|topic|outlet|creditor|provider|series|used for/i;
  function filters() {
    document.querySelectorAll("table.dataframe.ml-table").forEach(function (tb, n) {
      var rows = Array.prototype.slice.call(tb.querySelectorAll("tbody tr"));
      if (rows.length <= FILTER_ROWS) return;
      var heads = Array.prototype.map.call(tb.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      var box = document.createElement("div"), id = "ml-filter-" + n;
      var cap = tb.querySelector("caption"), wrapLabel = (tb.closest(".ml-table-wrap") || tb).getAttribute("aria-label");
      box.className = "ml-filter"; box.setAttribute("role", "search");
      // Each filter is its own search landmark, named after its table so no two share a name.
      box.setAttribute("aria-label", "Filter: " + ((cap && cap.textContent) || wrapLabel || "table " + (n + 1)).trim());
      var text = document.createElement("input");
      text.type = "search"; text.id = id + "-q";
      box.appendChild(labelled("Find in rows", text));
      var choices = [];
      heads.forEach(function (h, i) {
        if (!FILTER_COLUMNS.test(h)) return;
        var seen = {};
        rows.forEach(function (r) { var c = r.children[i]; if (c) seen[c.textContent.trim()] = true; });
        var values = Object.keys(seen).filter(Boolean).sort();
        if (values.length < 2 || values.length > MAX_CHOICES) return;
        var sel = document.createElement("select");
        sel.appendChild(new Option("all", ""));
        values.forEach(function (v) { sel.appendChild(new Option(v.length > 40 ? v.slice(0, 39) + "…" : v, v)); });
        choices.push({ col: i, sel: sel });
        box.appendChild(labelled(h, sel));
      });
      var count = document.createElement("output");
      count.setAttribute("aria-live", "polite");
      box.appendChild(count);
      function apply() {
        var q = text.value.trim().toLowerCase(), shown = 0;
        rows.forEach(function (r) {
          var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) && choices.every(function (ch) {
            var c = r.children[ch.col];
            return !ch.sel.value || (c && c.textContent.trim() === ch.sel.value);
          });
          r.hidden = !ok;
          if (ok) shown++;
        });
        count.textContent = shown === rows.length ? rows.length + " rows" : shown + " of " + rows.length + " rows";
      }
      text.addEventListener("input", apply);
      choices.forEach(function (ch) { ch.sel.addEventListener("change", apply); });
      apply();
      var wrap = tb.closest(".ml-table-wrap") || tb;
      wrap.parentNode.insertBefore(box, wrap);
    });
  }

  function labelled(text, control) {
    var l = document.createElement("label"), s = document.createElement("span");
    s.textContent = text;
    l.appendChild(s); l.appendChild(control);
    return l;
  }

  function ready() { init(); toggles(); names(); stackLabels(); filters(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
