// The viewer script's logs tab: the filtered table and a log's details.
// A fragment of the viewer's browser script: assets/app.ts joins the fragments into one IIFE
// (no build step). Plain JavaScript in a String.raw: no template literals, text-only DOM.

export const LOGS_JS = String.raw`  // ------------------------------------------------------------ logs

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

`;
