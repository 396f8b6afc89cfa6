// The viewer script's metrics tab: the metric list, the latest points and the charts.
// A fragment of the viewer's browser script: assets/app.ts joins the fragments into one IIFE
// (no build step). Plain JavaScript in a String.raw: no template literals, text-only DOM.

export const METRICS_JS = String.raw`  // ------------------------------------------------------------ metrics

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

`;
