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
    if (isDark()) {
      var fg = "#e6e6e6", muted = "#bdbdbd";
      cfg.background = "transparent";
      cfg.title = Object.assign({}, cfg.title, { color: fg, subtitleColor: muted });
      cfg.axis = Object.assign(cfg.axis, { labelColor: muted, titleColor: fg, gridColor: "#3a3a3a", domainColor: "#888", tickColor: "#888" });
      cfg.legend = Object.assign(cfg.legend, { labelColor: muted, titleColor: fg });
      cfg.header = Object.assign({}, cfg.header, { labelColor: muted, titleColor: fg });
      cfg.text = Object.assign({}, cfg.text, { color: fg });
      cfg.view = Object.assign({}, cfg.view, { stroke: null });
    }
    return s;
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
    window.vegaEmbed(c.el, adapt(c.spec, width), {
      mode: "vega-lite", actions: false, renderer: "svg",
      tooltip: { formatTooltip: formatTooltip, theme: isDark() ? "dark" : "light" }
    }).then(function (r) {
      c.view = r.view;
      var svg = c.el.querySelector("svg");
      if (svg) { svg.setAttribute("focusable", "false"); svg.setAttribute("aria-hidden", "true"); }
    }).catch(function (e) { c.el.textContent = "Chart failed to render: " + e.message; });
  }

  var pending = null;
  function redrawAll() {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(draw); }, 120);
  }

  function start(c) {
    c.el = document.getElementById(c.id);
    if (!c.el) return;
    draw(c);
    if (window.ResizeObserver) new ResizeObserver(redrawAll).observe(c.el);
  }

  function init() {
    charts.forEach(start);
    charts.push = function (c) { Array.prototype.push.call(charts, c); start(c); return charts.length; };
    new MutationObserver(redrawAll).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
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

  function ready() { init(); toggles(); names(); stackLabels(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
