// The viewer script's traces tab: the trace list, search, the waterfall and span details.
// A fragment of the viewer's browser script: assets/app.ts joins the fragments into one IIFE
// (no build step). Plain JavaScript in a String.raw: no template literals, text-only DOM.

export const TRACES_JS = String.raw`  // ------------------------------------------------------------ traces

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

`;
