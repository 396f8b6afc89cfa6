// The live viewer's page: static HTML (no received data is ever put in it); assets/app.ts fills
// it from the event stream. Served at GET / with a CSP that forbids inline script.

/** GET / */
export const INDEX_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>otlp-lite viewer</title>
<link rel="stylesheet" href="assets/style.css">
<script src="assets/app.js" defer></script>
</head>
<body>
<header class="top">
  <div class="brand">otlp-lite <span>live viewer</span></div>
  <nav class="tabs" id="tabs">
    <button type="button" class="tab" data-tab="traces">Traces <span class="badge" id="n-traces">0</span></button>
    <button type="button" class="tab" data-tab="logs">Logs <span class="badge" id="n-logs">0</span></button>
    <button type="button" class="tab" data-tab="metrics">Metrics <span class="badge" id="n-metrics">0</span></button>
  </nav>
  <div class="status" id="status" data-state="connecting">connecting…</div>
</header>
<main>
  <section class="view split" id="view-traces">
    <div class="sidebar">
      <input id="trace-search" type="search" placeholder="Search span name or attribute (key=value)" autocomplete="off" spellcheck="false">
      <div class="list" id="trace-list"></div>
    </div>
    <div class="content">
      <div id="waterfall" class="waterfall"></div>
      <div id="span-detail" class="detail"></div>
    </div>
  </section>
  <section class="view" id="view-logs" hidden>
    <div class="toolbar">
      <label>Severity
        <select id="log-severity">
          <option value="0">all</option>
          <option value="5">DEBUG and above</option>
          <option value="9">INFO and above</option>
          <option value="13">WARN and above</option>
          <option value="17">ERROR and above</option>
          <option value="21">FATAL</option>
        </select>
      </label>
      <input id="log-search" type="search" placeholder="Filter body, event name or attribute" autocomplete="off" spellcheck="false">
      <span class="muted" id="log-count"></span>
    </div>
    <div class="table-wrap">
      <table class="grid" id="log-table">
        <thead><tr><th class="c-time">Time</th><th class="c-sev">Severity</th><th class="c-event">Event</th><th>Body</th><th class="c-trace">Trace</th></tr></thead>
        <tbody id="log-rows"></tbody>
      </table>
    </div>
    <div id="log-detail" class="detail"></div>
  </section>
  <section class="view split" id="view-metrics" hidden>
    <div class="sidebar">
      <input id="metric-search" type="search" placeholder="Filter metrics by name" autocomplete="off" spellcheck="false">
      <div class="list" id="metric-list"></div>
    </div>
    <div class="content" id="metric-detail"></div>
  </section>
</main>
<footer class="foot" id="footer"></footer>
</body>
</html>
`;
