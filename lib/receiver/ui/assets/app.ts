// The live viewer's browser script (plain JavaScript, no framework, no build step; served at
// GET /assets/app.js). It subscribes to /api/events (Server-Sent Events: a snapshot, then what
// each request added), keeps the same bounded store as the receiver, and renders traces (list +
// waterfall), logs (filtered table) and metrics (latest point per series + a chart).
// Every received value reaches the page through textContent, title or an SVG text node, never
// as HTML: the script contains no innerHTML, insertAdjacentHTML or document.write (a spec checks).
// Written without template literals so it can live in this String.raw module.
// The tabs live in app-traces.ts, app-logs.ts and app-metrics.ts (String.raw fragments of the
// same IIFE); they are joined here in their old order, so the served script is unchanged.
import { LOGS_JS } from './app-logs.ts';
import { METRICS_JS } from './app-metrics.ts';
import { TRACES_JS } from './app-traces.ts';

const HEAD_JS = String.raw`(function () {
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

`;

const SHELL_JS = String.raw`  // ------------------------------------------------------------ shell

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

/** GET /assets/app.js */
export const APP_JS = HEAD_JS + TRACES_JS + LOGS_JS + METRICS_JS + SHELL_JS;
