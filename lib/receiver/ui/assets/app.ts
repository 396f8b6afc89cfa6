// The live viewer's browser script (plain JavaScript, no framework, no build step; served at
// GET /assets/app.js). It subscribes to /api/events (Server-Sent Events: a snapshot, then what
// each request added), keeps the same bounded store as the receiver, and renders traces (list +
// waterfall), logs (filtered table) and metrics (latest point per series + a chart).
// Every received value reaches the page through textContent, title or an SVG text node, never
// as HTML: the script contains no innerHTML, insertAdjacentHTML or document.write (a spec checks).
// Written without template literals so it can live in this String.raw module.

/** GET /assets/app.js */
export const APP_JS = String.raw`(function () {
  'use strict';

  var KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
  var MAX_LOG_ROWS = 500;
  var MAX_TRACE_ITEMS = 500;
  var MAX_WATERFALL_ROWS = 2000;
  var MAX_SERIES_LINES = 8;
  /** Attributes every SessionTelemetry event carries: left out of the logs table's summary. */
  var NOISE = ['event.name', 'event.timestamp', 'conversation.id', 'app.version', 'auth_mode', 'originator', 'user.account_id', 'user.email', 'terminal.type', 'model', 'slug'];
  var COLORS = ['#2f6fde', '#e07b00', '#2a9d5c', '#c2185b', '#7b4fd6', '#00838f', '#8d6e00', '#5d6b82'];

  var S = {
    limits: { maxTraces: 200, maxSpans: 20000, maxLogs: 5000, maxPoints: 20000 },
    counts: {},
    traces: new Map(),
    spanCount: 0,
    logs: [],
    points: [],
    metrics: new Map(),
    tab: 'traces',
    selTrace: null,
    selSpan: null,
    traceQuery: '',
    logSev: 0,
    logQuery: '',
    selLog: null,
    selMetric: null,
    selSeries: null,
    metricQuery: '',
    pressed: false,
    pressedAt: 0,
    timer: 0
  };

  // ------------------------------------------------------------ DOM helpers (text only)

  function $(id) { return document.getElementById(id); }

  /** An element with a class and text content: the only way received text reaches the page. */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return parent;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  var SVG_NS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function kvTable(attrs) {
    var t = el('table', 'kv');
    var tb = el('tbody');
    t.appendChild(tb);
    if (!attrs || attrs.length === 0) {
      add(tb, add(el('tr'), add(el('td', '', '(none)')), el('td')));
      return t;
    }
    for (var i = 0; i < attrs.length; i++) add(tb, add(el('tr'), el('td', '', attrs[i][0]), el('td', '', attrs[i][1])));
    return t;
  }

  function fact(label, value) {
    return add(el('span'), label + ' ', el('b', '', value));
  }

  // ------------------------------------------------------------ formatting

  function pad(n, w) { var s = String(n); while (s.length < w) s = '0' + s; return s; }

  function fmtTime(ms) {
    if (ms === null || ms === undefined) return '—';
    var d = new Date(ms);
    return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.' + pad(d.getMilliseconds(), 3);
  }

  function fmtDur(ms) {
    if (ms === null || ms === undefined || !isFinite(ms)) return '—';
    if (ms < 1) return Math.round(ms * 1000) + ' µs';
    if (ms < 10) return ms.toFixed(2) + ' ms';
    if (ms < 1000) return ms.toFixed(1) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(2) + ' s';
    return Math.floor(ms / 60000) + ' m ' + ((ms % 60000) / 1000).toFixed(0) + ' s';
  }

  function fmtNum(n) {
    if (n === null || n === undefined || !isFinite(n)) return '—';
    var a = Math.abs(n);
    if (a !== 0 && (a < 0.001 || a >= 1e15)) return n.toPrecision(4);
    return n.toLocaleString('en-US', { maximumFractionDigits: a < 1 ? 4 : 3 });
  }

  /** Short axis labels: 1500 → 1.5k, 120000 → 120k. */
  function fmtShort(n) {
    var a = Math.abs(n);
    if (a >= 1e9) return +(n / 1e9).toFixed(2) + 'G';
    if (a >= 1e6) return +(n / 1e6).toFixed(2) + 'M';
    if (a >= 1e3) return +(n / 1e3).toFixed(2) + 'k';
    return fmtNum(n);
  }

  function hue(text) {
    var h = 0;
    for (var i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 360;
    return h;
  }

  function sevClass(n) { return 'sev sev-' + (n > 0 ? Math.min(6, Math.floor((n - 1) / 4) + 1) : 0); }

  function sevNumber(log) {
    if (log.severityNumber > 0) return log.severityNumber;
    var t = String(log.severity || '').toUpperCase();
    var names = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
    for (var i = 0; i < names.length; i++) if (t.indexOf(names[i]) === 0) return i * 4 + 1;
    if (t.indexOf('WARNING') === 0) return 13;
    return 0;
  }

  // ------------------------------------------------------------ store (mirrors the receiver's)

  function reset() {
    S.traces = new Map();
    S.spanCount = 0;
    S.logs = [];
    S.points = [];
    S.metrics = new Map();
  }

  function addSpan(s) {
    var t = S.traces.get(s.traceId);
    if (t) S.traces.delete(s.traceId);
    else t = { id: s.traceId, spans: new Map(), summary: null };
    S.traces.set(s.traceId, t);
    if (t.spans.has(s.spanId)) t.spans.set(s.spanId, s);
    else if (t.spans.size >= S.limits.maxSpans) return;
    else { t.spans.set(s.spanId, s); S.spanCount++; }
    t.summary = null;
    while (S.traces.size > S.limits.maxTraces || S.spanCount > S.limits.maxSpans) {
      var first = S.traces.keys().next();
      if (first.done) break;
      S.spanCount -= S.traces.get(first.value).spans.size;
      S.traces.delete(first.value);
    }
  }

  function addPoint(p) {
    var m = p.metric;
    var key = m.name;
    var entry = S.metrics.get(key);
    if (!entry) {
      entry = { name: m.name, meta: m, series: new Map(), count: 0 };
      S.metrics.set(key, entry);
    }
    entry.meta = m;
    var list = entry.series.get(p.series);
    if (!list) { list = []; entry.series.set(p.series, list); }
    list.push(p);
    entry.count++;
    S.points.push(p);
  }

  function evictPoints() {
    var extra = S.points.length - S.limits.maxPoints;
    if (extra <= 0) return;
    var gone = S.points.splice(0, extra);
    for (var i = 0; i < gone.length; i++) {
      var p = gone[i];
      var entry = S.metrics.get(p.metric.name);
      if (!entry) continue;
      var list = entry.series.get(p.series);
      if (list) {
        var at = list.indexOf(p);
        if (at >= 0) list.splice(at, 1);
        if (list.length === 0) entry.series.delete(p.series);
      }
      entry.count--;
      if (entry.series.size === 0) S.metrics.delete(p.metric.name);
    }
  }

  function apply(batch) {
    var resources = batch.resources || [];
    var metrics = (batch.metrics || []).map(function (m) { m.resource = resources[m.resource] || { service: '', attrs: [] }; return m; });
    if (batch.limits) S.limits = batch.limits;
    if (batch.counts) S.counts = batch.counts;
    (batch.spans || []).forEach(function (s) { s.resource = resources[s.resource] || { service: '', attrs: [] }; addSpan(s); });
    (batch.logs || []).forEach(function (l) { l.resource = resources[l.resource] || { service: '', attrs: [] }; S.logs.push(l); });
    if (S.logs.length > S.limits.maxLogs) S.logs.splice(0, S.logs.length - S.limits.maxLogs);
    (batch.points || []).forEach(function (p) { p.metric = metrics[p.metric]; if (p.metric) addPoint(p); });
    evictPoints();
    schedule();
  }

  // ------------------------------------------------------------ traces

  function summary(t) {
    if (t.summary) return t.summary;
    var root = null, first = null, start = Infinity, end = -Infinity, error = false;
    t.spans.forEach(function (s) {
      if (s.start !== null && s.start < start) start = s.start;
      var e = s.end !== null ? s.end : s.start;
      if (e !== null && e > end) end = e;
      if (s.status === 2) error = true;
      if (!s.parentId && (!root || (s.start || 0) < (root.start || 0))) root = s;
      if (!first || (s.start || 0) < (first.start || 0)) first = s;
    });
    var top = root || first;
    t.summary = {
      name: top ? top.name : '',
      rootMissing: !root,
      service: top ? top.resource.service : '',
      start: isFinite(start) ? start : null,
      duration: isFinite(start) && isFinite(end) ? end - start : null,
      count: t.spans.size,
      error: error
    };
    return t.summary;
  }

  function parseQuery(q) {
    q = q.trim().toLowerCase();
    if (!q) return null;
    var eq = q.indexOf('=');
    if (eq > 0) return { key: q.slice(0, eq).trim(), value: q.slice(eq + 1).trim(), text: q };
    return { key: null, value: null, text: q };
  }

  function spanMatches(s, query) {
    if (!query) return false;
    var attrs = s.attrs.concat(s.resource.attrs);
    if (query.key !== null) {
      for (var i = 0; i < attrs.length; i++) {
        if (attrs[i][0].toLowerCase() === query.key && attrs[i][1].toLowerCase().indexOf(query.value) >= 0) return true;
      }
    }
    if (s.name.toLowerCase().indexOf(query.text) >= 0) return true;
    if (s.traceId.indexOf(query.text) === 0 || s.spanId === query.text) return true;
    for (var j = 0; j < attrs.length; j++) {
      if (attrs[j][0].toLowerCase().indexOf(query.text) >= 0 || attrs[j][1].toLowerCase().indexOf(query.text) >= 0) return true;
    }
    for (var k = 0; k < s.events.length; k++) if (s.events[k].name.toLowerCase().indexOf(query.text) >= 0) return true;
    return false;
  }

  function traceMatches(t, query) {
    if (!query) return true;
    var hit = false;
    t.spans.forEach(function (s) { if (!hit && spanMatches(s, query)) hit = true; });
    return hit;
  }

  function sortedTraces() {
    var list = Array.from(S.traces.values());
    list.sort(function (a, b) { return (summary(b).start || 0) - (summary(a).start || 0); });
    return list;
  }

  function renderTraceList() {
    var query = parseQuery(S.traceQuery);
    var list = sortedTraces().filter(function (t) { return traceMatches(t, query); });
    if ((!S.selTrace || !S.traces.has(S.selTrace)) && list.length > 0 && !query) S.selTrace = list[0].id;
    var box = clear($('trace-list'));
    if (list.length === 0) {
      add(box, el('div', 'empty', S.traces.size === 0 ? 'No traces yet. Send spans to POST /v1/traces.' : 'No trace matches the search.'));
      return;
    }
    if (list.length > MAX_TRACE_ITEMS) add(box, el('div', 'muted note', 'newest ' + MAX_TRACE_ITEMS + ' of ' + list.length + ' traces listed; search to narrow'));
    list.slice(0, MAX_TRACE_ITEMS).forEach(function (t) {
      var sm = summary(t);
      var item = el('div', 'item' + (t.id === S.selTrace ? ' selected' : ''));
      item.dataset.traceId = t.id;
      var l1 = add(el('div', 'l1'), el('span', 'name', (sm.rootMissing ? '… ' : '') + (sm.name || '(unnamed)')), sm.error ? el('span', 'errmark', 'error') : null);
      var l2 = add(el('div', 'l2'), el('span', '', sm.service || '(no service)'), el('span', '', fmtTime(sm.start)), el('span', '', fmtDur(sm.duration)), el('span', '', sm.count + (sm.count === 1 ? ' span' : ' spans')));
      add(item, l1, l2);
      item.addEventListener('click', function () {
        S.selTrace = t.id;
        S.selSpan = null;
        render();
      });
      add(box, item);
    });
  }

  /** Rows of a trace in tree order: children under their parent, by start time; orphans at depth 0. */
  function treeRows(t) {
    var spans = Array.from(t.spans.values());
    var byId = new Map();
    spans.forEach(function (s) { byId.set(s.spanId, s); });
    var kids = new Map();
    var roots = [];
    spans.forEach(function (s) {
      var parent = s.parentId && s.parentId !== s.spanId ? byId.get(s.parentId) : undefined;
      if (parent) {
        if (!kids.has(parent.spanId)) kids.set(parent.spanId, []);
        kids.get(parent.spanId).push(s);
      } else roots.push(s);
    });
    var byStart = function (a, b) { return (a.start || 0) - (b.start || 0); };
    var rows = [];
    var seen = new Set();
    function walk(s, depth) {
      if (seen.has(s.spanId)) return;
      seen.add(s.spanId);
      rows.push({ span: s, depth: depth, orphan: depth === 0 && !!s.parentId });
      (kids.get(s.spanId) || []).slice().sort(byStart).forEach(function (c) { walk(c, depth + 1); });
    }
    roots.sort(byStart).forEach(function (r) { walk(r, 0); });
    spans.forEach(function (s) { if (!seen.has(s.spanId)) walk(s, 0); });
    return rows;
  }

  function renderWaterfall() {
    var box = clear($('waterfall'));
    var detail = clear($('span-detail'));
    var t = S.selTrace ? S.traces.get(S.selTrace) : null;
    if (!t) {
      add(box, el('div', 'empty', S.traces.size === 0 ? 'Waiting for spans…' : 'Select a trace.'));
      return;
    }
    var sm = summary(t);
    var rows = treeRows(t);
    var t0 = sm.start || 0;
    var total = Math.max(sm.duration || 0, 0.001);
    var query = parseQuery(S.traceQuery);
    add(box, add(el('div', 'wf-head'), el('h2', '', sm.name || '(unnamed)'), fact('trace', t.id), fact('duration', fmtDur(sm.duration)), fact('spans', String(sm.count)), fact('started', fmtTime(sm.start))));
    var axis = add(el('div', 'axis'), el('div', 'label', 'span'));
    var axisTrack = el('div', 'track');
    for (var i = 0; i <= 4; i++) {
      var tick = el('span', '', fmtDur((total * i) / 4));
      tick.style.left = (i * 25) + '%';
      add(axisTrack, tick);
    }
    add(box, add(axis, axisTrack));
    rows.slice(0, MAX_WATERFALL_ROWS).forEach(function (r) {
      var s = r.span;
      var row = el('div', 'row' + (s.spanId === S.selSpan ? ' selected' : '') + (spanMatches(s, query) ? ' match' : ''));
      row.dataset.spanId = s.spanId;
      row.dataset.depth = String(r.depth);
      var label = el('div', 'label');
      label.style.paddingLeft = (10 + r.depth * 16) + 'px';
      if (r.depth > 0) add(label, el('span', 'guide', '└ '));
      if (r.orphan) add(label, el('span', 'orphan', '…'));
      add(label, el('span', 'name', s.name || '(unnamed)'));
      if (s.resource.service && s.resource.service !== sm.service) add(label, el('span', 'svc', s.resource.service));
      var track = el('div', 'track');
      var start = s.start !== null ? s.start : t0;
      var end = s.end !== null ? s.end : start;
      var left = ((start - t0) / total) * 100;
      var width = Math.max(((end - start) / total) * 100, 0.2);
      var bar = el('div', 'bar' + (s.status === 2 ? ' error' : ''));
      bar.style.left = left + '%';
      bar.style.width = width + '%';
      bar.style.background = 'hsl(' + hue(s.resource.service || s.scope) + ', 58%, 56%)';
      bar.title = s.name + ' — ' + fmtDur(end - start);
      s.events.forEach(function (e) {
        if (e.time === null) return;
        var at = end > start ? ((e.time - start) / (end - start)) * 100 : 0;
        var tk = el('span', 'tick');
        tk.style.left = Math.min(100, Math.max(0, at)) + '%';
        tk.title = e.name + ' at +' + fmtDur(e.time - t0);
        add(bar, tk);
      });
      var dur = el('span', 'dur', fmtDur(end - start));
      dur.style.left = 'calc(' + Math.min(left + width, 100) + '% + 4px)';
      add(track, bar, dur);
      add(row, label, track);
      row.addEventListener('click', function () {
        S.selSpan = s.spanId;
        render();
      });
      add(box, row);
    });
    if (rows.length > MAX_WATERFALL_ROWS) add(box, el('div', 'muted note', (rows.length - MAX_WATERFALL_ROWS) + ' more spans not drawn (first ' + MAX_WATERFALL_ROWS + ' in tree order)'));
    var sel = S.selSpan ? t.spans.get(S.selSpan) : null;
    if (sel) add(detail, spanDetail(sel, t0));
  }

  function spanDetail(s, t0) {
    var card = el('div', 'card');
    card.id = 'span-card';
    add(card, el('h2', '', s.name || '(unnamed)'));
    add(card, add(el('div', 'facts'),
      fact('kind', KIND[s.kind] || String(s.kind)),
      fact('duration', fmtDur(s.start !== null && s.end !== null ? s.end - s.start : null)),
      fact('start', fmtTime(s.start) + ' (+' + fmtDur((s.start || t0) - t0) + ')'),
      fact('status', s.status === 2 ? 'ERROR' + (s.statusMessage ? ': ' + s.statusMessage : '') : s.status === 1 ? 'OK' : 'unset'),
      fact('span', s.spanId), fact('parent', s.parentId || '(root)'), fact('scope', s.scope || '—')));
    add(card, el('h3', '', 'Attributes'), kvTable(s.attrs));
    if (s.events.length > 0) {
      add(card, el('h3', '', 'Events'));
      s.events.forEach(function (e) {
        add(card, el('div', 'mono', '+' + fmtDur((e.time || t0) - t0) + '  ' + e.name));
        if (e.attrs.length > 0) add(card, kvTable(e.attrs));
      });
    }
    add(card, el('h3', '', 'Resource'), kvTable(s.resource.attrs));
    return card;
  }

  // ------------------------------------------------------------ logs

  function logMatches(l, text) {
    if (!text) return true;
    if (l.body.toLowerCase().indexOf(text) >= 0 || l.eventName.toLowerCase().indexOf(text) >= 0 || l.severity.toLowerCase().indexOf(text) >= 0) return true;
    for (var i = 0; i < l.attrs.length; i++) {
      if (l.attrs[i][0].toLowerCase().indexOf(text) >= 0 || l.attrs[i][1].toLowerCase().indexOf(text) >= 0) return true;
    }
    return l.traceId.indexOf(text) === 0;
  }

  function openTrace(traceId, spanId) {
    S.tab = 'traces';
    S.selTrace = traceId;
    S.selSpan = spanId || null;
    S.traceQuery = '';
    $('trace-search').value = '';
    render();
  }

  function renderLogs() {
    var text = S.logQuery.trim().toLowerCase();
    var rows = clear($('log-rows'));
    var shown = 0, matched = 0;
    for (var i = S.logs.length - 1; i >= 0; i--) {
      var l = S.logs[i];
      if (sevNumber(l) < S.logSev || !logMatches(l, text)) continue;
      matched++;
      if (shown >= MAX_LOG_ROWS) continue;
      shown++;
      add(rows, logRow(l));
    }
    $('log-count').textContent = matched === S.logs.length ? S.logs.length + ' records' : matched + ' of ' + S.logs.length + ' records' + (shown < matched ? ' (newest ' + shown + ' shown)' : '');
    var detail = clear($('log-detail'));
    var sel = null;
    for (var j = S.logs.length - 1; j >= 0; j--) if (S.logs[j].seq === S.selLog) { sel = S.logs[j]; break; }
    if (sel) {
      var card = el('div', 'card');
      add(card, add(el('div', 'facts'), fact('time', fmtTime(sel.time)), fact('severity', sel.severity || '—'), fact('event', sel.eventName || '—'), fact('trace', sel.traceId || '—'), fact('span', sel.spanId || '—'), fact('scope', sel.scope || '—')));
      add(card, el('h3', '', 'Body'), el('div', 'body mono', sel.body));
      add(card, el('h3', '', 'Attributes'), kvTable(sel.attrs), el('h3', '', 'Resource'), kvTable(sel.resource.attrs));
      add(detail, card);
    }
  }

  function logRow(l) {
    var tr = el('tr', l.seq === S.selLog ? 'selected' : '');
    var traceCell = el('td', 'mono');
    if (l.traceId) {
      var b = el('button', 'link mono', l.traceId.slice(0, 8));
      b.type = 'button';
      b.title = S.traces.has(l.traceId) ? 'open trace ' + l.traceId : 'trace ' + l.traceId + ' is not (or no longer) kept';
      b.disabled = !S.traces.has(l.traceId);
      b.addEventListener('click', function (ev) { ev.stopPropagation(); openTrace(l.traceId, l.spanId); });
      add(traceCell, b);
    }
    var bodyCell = el('td', 'body', l.body);
    if (!l.body && l.attrs.length > 0) {
      // No body (e.g. an event record): show what tells records apart instead, dimmed.
      var shown = l.attrs.filter(function (a) { return NOISE.indexOf(a[0]) < 0; }).slice(0, 6);
      add(bodyCell, el('span', 'attrs', shown.map(function (a) { return a[0] + '=' + a[1]; }).join('  ')));
    }
    add(tr, el('td', 'mono', fmtTime(l.time)), el('td', sevClass(sevNumber(l)), l.severity || '—'), el('td', '', l.eventName), bodyCell, traceCell);
    tr.addEventListener('click', function () {
      S.selLog = S.selLog === l.seq ? null : l.seq;
      render();
    });
    return tr;
  }

  // ------------------------------------------------------------ metrics

  var TEMPORALITY = ['', 'delta', 'cumulative'];

  function typeLabel(m) {
    var t = m.type === 'exponentialHistogram' ? 'exp. histogram' : m.type;
    var parts = [t];
    if (m.temporality) parts.push(TEMPORALITY[m.temporality]);
    if (m.type === 'sum' && m.monotonic) parts.push('monotonic');
    return parts.join(', ');
  }

  /** What the chart plots for a metric, and how it is derived from the points. */
  function chartKind(m) {
    var counts = m.type === 'histogram' || m.type === 'exponentialHistogram' || m.type === 'summary';
    if (m.type === 'gauge') return { label: 'value', derive: 'value' };
    if (m.type === 'sum' && m.temporality === 1) return { label: 'delta per export', derive: 'value' };
    if (m.type === 'sum' && m.temporality === 2 && m.monotonic) return { label: 'rate per second', derive: 'rate' };
    if (m.type === 'sum') return { label: 'value', derive: 'value' };
    if (counts && m.temporality === 2) return { label: 'count per second', derive: 'rate' };
    return { label: 'count per export', derive: 'value' };
  }

  function derive(points, how) {
    var out = [];
    for (var i = 0; i < points.length; i++) {
      var p = points[i];
      if (p.time === null || p.value === null) continue;
      if (how === 'value') { out.push({ t: p.time, y: p.value }); continue; }
      var prev = i > 0 ? points[i - 1] : null;
      if (prev && prev.value !== null && prev.time !== null && p.time > prev.time && p.value >= prev.value && prev.startTime === p.startTime) {
        out.push({ t: p.time, y: (p.value - prev.value) / ((p.time - prev.time) / 1000) });
      } else if (p.startTime !== null && p.time > p.startTime) {
        out.push({ t: p.time, y: p.value / ((p.time - p.startTime) / 1000) });
      }
    }
    return out;
  }

  function seriesLabel(p) {
    var text = p.attrs.map(function (a) { return a[0] + '=' + a[1]; }).join(', ');
    return text || '(no attributes)';
  }

  function latestValueText(p) {
    var m = p.metric;
    var unit = m.unit ? ' ' + m.unit : '';
    if (m.type === 'sum' || m.type === 'gauge') return fmtNum(p.value) + unit;
    var parts = ['count ' + fmtNum(p.value)];
    if (p.sum !== null) parts.push('sum ' + fmtNum(p.sum) + unit);
    if (p.min !== null) parts.push('min ' + fmtNum(p.min));
    if (p.max !== null) parts.push('max ' + fmtNum(p.max));
    return parts.join(' · ');
  }

  function renderMetricList() {
    var q = S.metricQuery.trim().toLowerCase();
    var names = Array.from(S.metrics.keys()).sort();
    var box = clear($('metric-list'));
    var shown = names.filter(function (n) { return !q || n.toLowerCase().indexOf(q) >= 0; });
    if ((!S.selMetric || !S.metrics.has(S.selMetric)) && shown.length > 0) S.selMetric = shown[0];
    if (shown.length === 0) {
      add(box, el('div', 'empty', S.metrics.size === 0 ? 'No metrics yet. Send points to POST /v1/metrics.' : 'No metric matches.'));
      return;
    }
    shown.forEach(function (name) {
      var entry = S.metrics.get(name);
      var item = el('div', 'item' + (name === S.selMetric ? ' selected' : ''));
      item.dataset.metric = name;
      add(item, add(el('div', 'l1'), el('span', 'name', name || '(unnamed)')),
        add(el('div', 'l2'), el('span', '', typeLabel(entry.meta)), el('span', '', entry.series.size + (entry.series.size === 1 ? ' series' : ' series')), entry.meta.unit ? el('span', '', entry.meta.unit) : null));
      item.addEventListener('click', function () {
        S.selMetric = name;
        S.selSeries = null;
        render();
      });
      add(box, item);
    });
  }

  function renderMetricDetail() {
    var box = clear($('metric-detail'));
    var entry = S.selMetric ? S.metrics.get(S.selMetric) : null;
    if (!entry) {
      add(box, el('div', 'empty', S.metrics.size === 0 ? 'Waiting for metric points…' : 'Select a metric.'));
      return;
    }
    var m = entry.meta;
    add(box, el('h2', '', m.name || '(unnamed)'));
    add(box, add(el('div', 'facts'), fact('type', typeLabel(m)), m.unit ? fact('unit', m.unit) : null, fact('points kept', String(entry.count)), m.scope ? fact('scope', m.scope) : null));
    if (m.description) add(box, el('p', 'muted', m.description));

    var keys = Array.from(entry.series.keys()).sort();
    if (S.selSeries === null || !entry.series.has(S.selSeries)) S.selSeries = keys[0];
    add(box, el('h3', '', 'Latest point per series'));
    var table = el('table', 'grid');
    add(table, add(el('thead'), add(el('tr'), el('th', '', 'Attributes'), el('th', '', 'Service'), el('th', '', 'Latest'), el('th', '', 'At'))));
    var tb = el('tbody');
    keys.forEach(function (key, i) {
      var pts = entry.series.get(key);
      var last = pts[pts.length - 1];
      var tr = el('tr', key === S.selSeries ? 'selected' : '');
      tr.dataset.series = String(i);
      var sw = el('span', 'swatch');
      sw.style.background = COLORS[i % COLORS.length];
      add(tr, add(el('td'), i < MAX_SERIES_LINES ? sw : null, seriesLabel(last)), el('td', '', last.metric.resource.service || '—'), el('td', 'value', latestValueText(last)), el('td', 'mono', fmtTime(last.time)));
      tr.addEventListener('click', function () { S.selSeries = key; render(); });
      add(tb, tr);
    });
    add(box, add(table, tb));

    var kind = chartKind(m);
    add(box, el('h3', '', 'Over time: ' + kind.label + (m.unit && kind.derive === 'value' && m.type !== 'histogram' ? ' (' + m.unit + ')' : '')));
    var lines = keys.slice(0, MAX_SERIES_LINES).map(function (key, i) {
      return { key: key, color: COLORS[i % COLORS.length], data: derive(entry.series.get(key), kind.derive) };
    });
    add(box, lineChart(lines));
    if (keys.length > MAX_SERIES_LINES) add(box, el('div', 'muted', 'First ' + MAX_SERIES_LINES + ' of ' + keys.length + ' series charted.'));

    if (m.type === 'histogram') {
      var pts = entry.series.get(S.selSeries) || [];
      var last = pts[pts.length - 1];
      if (last && last.buckets) {
        add(box, el('h3', '', 'Buckets of the latest point' + (m.temporality === 2 ? ' (cumulative since start)' : m.temporality === 1 ? ' (last interval)' : '')));
        add(box, el('div', 'muted series-of', seriesLabel(last)));
        add(box, bucketChart(last.buckets, m.unit));
      }
    }
    if (m.type === 'summary') {
      var sp = entry.series.get(S.selSeries) || [];
      var sl = sp[sp.length - 1];
      if (sl && sl.quantiles) {
        add(box, el('h3', '', 'Quantiles of the latest point'));
        add(box, kvTable(sl.quantiles.map(function (q) { return ['p' + fmtNum(q[0] * 100), fmtNum(q[1])]; })));
      }
    }
  }

  function lineChart(lines) {
    var W = 720, H = 190, L = 64, R = 12, T = 12, B = 24;
    var chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, 'class': 'chart', role: 'img' });
    var tMin = Infinity, tMax = -Infinity, yMin = 0, yMax = -Infinity;
    lines.forEach(function (l) {
      l.data.forEach(function (d) {
        if (d.t < tMin) tMin = d.t;
        if (d.t > tMax) tMax = d.t;
        if (d.y < yMin) yMin = d.y;
        if (d.y > yMax) yMax = d.y;
      });
    });
    if (!isFinite(tMin)) {
      chart.appendChild(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'not enough points yet'));
      return chart;
    }
    if (yMax <= yMin) yMax = yMin + 1;
    // Round axis: 4-ish steps of 1, 2, 2.5 or 5 × 10^k.
    var raw = (yMax - yMin) / 4;
    var pow = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10));
    var f = raw / pow;
    var step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * pow;
    yMin = Math.floor(yMin / step) * step;
    yMax = Math.ceil(yMax / step) * step;
    if (tMax <= tMin) { tMin -= 500; tMax += 500; }
    var x = function (t) { return L + ((t - tMin) / (tMax - tMin)) * (W - L - R); };
    var y = function (v) { return T + (1 - (v - yMin) / (yMax - yMin)) * (H - T - B); };
    var steps = Math.round((yMax - yMin) / step);
    for (var i = 0; i <= steps; i++) {
      var v = yMin + step * i;
      chart.appendChild(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#eceef2' }));
      chart.appendChild(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmtNum(v)));
    }
    chart.appendChild(svg('text', { x: L, y: H - 6 }, fmtTime(tMin)));
    chart.appendChild(svg('text', { x: W - R, y: H - 6, 'text-anchor': 'end' }, fmtTime(tMax)));
    lines.forEach(function (l) {
      if (l.data.length === 0) return;
      var pts = l.data.map(function (d) { return x(d.t).toFixed(1) + ',' + y(d.y).toFixed(1); }).join(' ');
      if (l.data.length > 1) chart.appendChild(svg('polyline', { points: pts, fill: 'none', stroke: l.color, 'stroke-width': 2 }));
      var lastD = l.data[l.data.length - 1];
      chart.appendChild(svg('circle', { cx: x(lastD.t), cy: y(lastD.y), r: 3, fill: l.color }));
    });
    return chart;
  }

  function bucketChart(b, unit) {
    var W = 720, H = 170, L = 48, R = 12, T = 12, B = 34;
    var chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, 'class': 'chart buckets', role: 'img' });
    var n = b.counts.length;
    var max = Math.max.apply(null, b.counts.concat([1]));
    var bw = (W - L - R) / Math.max(n, 1);
    chart.appendChild(svg('text', { x: L - 6, y: T + 8, 'text-anchor': 'end' }, fmtNum(max)));
    chart.appendChild(svg('text', { x: L - 6, y: H - B, 'text-anchor': 'end' }, '0'));
    var labels = b.counts.map(function (_, i) {
      return i < b.bounds.length ? '≤' + fmtShort(b.bounds[i]) : '>' + (b.bounds.length ? fmtShort(b.bounds[b.bounds.length - 1]) : '');
    });
    var widest = Math.max.apply(null, labels.map(function (l) { return l.length; }).concat([1]));
    var stride = Math.max(1, Math.ceil((widest * 6.5 + 6) / bw));
    for (var i = 0; i < n; i++) {
      var c = b.counts[i];
      var h = (c / max) * (H - T - B);
      var label = labels[i];
      var rect = svg('rect', { x: L + i * bw + 2, y: H - B - h, width: Math.max(bw - 4, 1), height: Math.max(h, c > 0 ? 1 : 0), fill: '#2f6fde', rx: 2 });
      rect.appendChild(svg('title', {}, label + (unit ? ' ' + unit : '') + ': ' + fmtNum(c)));
      chart.appendChild(rect);
      if (i % stride === 0) chart.appendChild(svg('text', { x: L + i * bw + bw / 2, y: H - B + 14, 'text-anchor': 'middle' }, label));
      if (c > 0 && bw >= 18) chart.appendChild(svg('text', { x: L + i * bw + bw / 2, y: H - B - h - 3, 'text-anchor': 'middle' }, fmtNum(c)));
    }
    return chart;
  }

  // ------------------------------------------------------------ shell

  function renderCounts() {
    $('n-traces').textContent = String(S.traces.size);
    $('n-logs').textContent = String(S.logs.length);
    $('n-metrics').textContent = String(S.metrics.size);
    var c = S.counts;
    var parts = ['received ' + (c.spans || 0) + ' spans, ' + (c.logs || 0) + ' log records, ' + (c.points || 0) + ' metric points'];
    parts.push('keeping the latest ' + S.limits.maxTraces + ' traces / ' + S.limits.maxSpans + ' spans, ' + S.limits.maxLogs + ' log records, ' + S.limits.maxPoints + ' points');
    var gone = [];
    if (c.evictedTraces) gone.push(c.evictedTraces + ' traces (' + c.evictedSpans + ' spans)');
    if (c.droppedSpans) gone.push(c.droppedSpans + ' spans over the per-trace cap');
    if (c.evictedLogs) gone.push(c.evictedLogs + ' log records');
    if (c.evictedPoints) gone.push(c.evictedPoints + ' points');
    if (gone.length) parts.push('let go: ' + gone.join(', '));
    $('footer').textContent = parts.join(' · ');
  }

  function render() {
    if (S.timer) { clearTimeout(S.timer); S.timer = 0; }
    var tabs = document.querySelectorAll('.tab');
    for (var i = 0; i < tabs.length; i++) tabs[i].classList.toggle('active', tabs[i].dataset.tab === S.tab);
    ['traces', 'logs', 'metrics'].forEach(function (name) { $('view-' + name).hidden = name !== S.tab; });
    if (location.hash !== '#' + S.tab) history.replaceState(null, '', '#' + S.tab);
    renderCounts();
    if (S.tab === 'traces') { renderTraceList(); renderWaterfall(); }
    else if (S.tab === 'logs') renderLogs();
    else { renderMetricList(); renderMetricDetail(); }
  }

  /** Coalesces re-renders while data streams in; never between a press and its release (the click would miss). */
  function schedule() {
    if (!S.timer) S.timer = setTimeout(function () { S.timer = 0; if (S.pressed && Date.now() - S.pressedAt < 1000) schedule(); else render(); }, 120);
  }

  function status(state, text) {
    var s = $('status');
    s.dataset.state = state;
    s.textContent = text;
  }

  function connect() {
    var es = new EventSource('api/events');
    es.addEventListener('snapshot', function (ev) {
      reset();
      apply(JSON.parse(ev.data));
      status('live', 'live');
    });
    es.addEventListener('append', function (ev) { apply(JSON.parse(ev.data)); });
    es.onopen = function () { status('live', 'live'); };
    es.onerror = function () { status(es.readyState === 2 ? 'down' : 'connecting', es.readyState === 2 ? 'disconnected (reload to retry)' : 'reconnecting…'); };
  }

  function start() {
    var fromHash = location.hash.slice(1);
    if (fromHash === 'logs' || fromHash === 'metrics' || fromHash === 'traces') S.tab = fromHash;
    var tabs = document.querySelectorAll('.tab');
    for (var i = 0; i < tabs.length; i++) {
      tabs[i].addEventListener('click', function (ev) { S.tab = ev.currentTarget.dataset.tab; render(); });
    }
    $('trace-search').addEventListener('input', function (ev) { S.traceQuery = ev.target.value; render(); });
    $('log-search').addEventListener('input', function (ev) { S.logQuery = ev.target.value; render(); });
    $('log-severity').addEventListener('change', function (ev) { S.logSev = Number(ev.target.value) || 0; render(); });
    $('metric-search').addEventListener('input', function (ev) { S.metricQuery = ev.target.value; render(); });
    document.addEventListener('pointerdown', function () { S.pressed = true; S.pressedAt = Date.now(); }, true);
    document.addEventListener('pointerup', function () { S.pressed = false; }, true);
    document.addEventListener('pointercancel', function () { S.pressed = false; }, true);
    render();
    connect();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
