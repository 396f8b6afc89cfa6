// The live viewer's stylesheet (plain CSS, served at GET /assets/style.css).

/** GET /assets/style.css */
export const STYLE_CSS = String.raw`:root {
  --bg: #f6f7f9; --panel: #fff; --line: #e2e5ea; --text: #1d2330; --muted: #6b7382; --accent: #2f6fde;
  --sel: #e8f0fe; --match: #fff4c2; --err: #d93a3a; --head: #1f2532;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif; color: var(--text); background: var(--bg);
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; }
button, input, select { font: inherit; color: inherit; }
.top { display: flex; align-items: center; gap: 18px; padding: 0 14px; height: 44px; background: var(--head); color: #fff; flex: none; }
.brand { font-weight: 650; letter-spacing: .2px; }
.brand span { font-weight: 400; opacity: .7; }
.tabs { display: flex; gap: 4px; height: 100%; }
.tab { background: none; border: 0; border-bottom: 3px solid transparent; color: #c9cfdb; padding: 0 12px; cursor: pointer; height: 100%; }
.tab:hover { color: #fff; }
.tab.active { color: #fff; border-bottom-color: #6ea1ff; }
.badge { display: inline-block; min-width: 20px; padding: 0 6px; border-radius: 9px; background: #3a4357; font-size: 11px; text-align: center; }
.status { margin-left: auto; font-size: 12px; color: #c9cfdb; }
.status::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; background: #e0a100; }
.status[data-state="live"]::before { background: #3ccf6e; }
.status[data-state="down"]::before { background: var(--err); }
main { flex: 1; min-height: 0; display: flex; }
.view { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.view[hidden] { display: none; }
.view.split { flex-direction: row; }
.sidebar { width: 330px; flex: none; display: flex; flex-direction: column; border-right: 1px solid var(--line); background: var(--panel); }
.sidebar input { margin: 10px; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; }
.list { overflow: auto; flex: 1; }
.item { padding: 7px 12px; border-bottom: 1px solid var(--line); cursor: pointer; }
.item:hover { background: #f2f4f8; }
.item.selected { background: var(--sel); box-shadow: inset 3px 0 0 var(--accent); }
.item .l1 { display: flex; gap: 6px; align-items: baseline; }
.item .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1; }
.item .l2 { color: var(--muted); font-size: 12px; display: flex; gap: 10px; flex-wrap: wrap; }
.errmark { color: #fff; background: var(--err); border-radius: 4px; padding: 0 5px; font-size: 11px; font-weight: 600; }
.content { flex: 1; min-width: 0; overflow: auto; padding: 12px 14px; }
.empty { color: var(--muted); padding: 24px; }
.muted { color: var(--muted); }
h2 { font-size: 15px; margin: 0 0 4px; word-break: break-all; }
h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .5px; color: var(--muted); margin: 14px 0 6px; }
.waterfall { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.wf-head { padding: 8px 12px; border-bottom: 1px solid var(--line); display: flex; gap: 14px; align-items: baseline; flex-wrap: wrap; }
.row { display: flex; align-items: center; height: 26px; border-bottom: 1px solid #f0f1f4; cursor: pointer; }
.row:hover { background: #f6f8fb; }
.row.selected { background: var(--sel); }
.row.match .name { background: var(--match); }
.row .label { width: 38%; min-width: 180px; flex: none; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding-right: 8px; }
.row .label .svc { color: var(--muted); font-size: 11px; margin-left: 6px; }
.row .label .orphan { color: var(--muted); margin-right: 4px; }
.row .label .guide { color: #b5bcc8; }
.track { position: relative; flex: 1; height: 100%; margin-right: 70px; }
.bar { position: absolute; top: 6px; height: 14px; min-width: 2px; border-radius: 3px; }
.bar.error { background: var(--err) !important; }
.tick { position: absolute; top: -3px; width: 2px; height: 20px; background: #1d2330; opacity: .75; }
.dur { position: absolute; top: 5px; font-size: 11px; color: var(--muted); white-space: nowrap; }
.axis { display: flex; height: 22px; border-bottom: 1px solid var(--line); font-size: 11px; color: var(--muted); }
.axis .label { width: 38%; min-width: 180px; flex: none; padding-left: 12px; }
.axis .track span { position: absolute; top: 4px; transform: translateX(-50%); white-space: nowrap; }
.axis .track span:first-child { transform: none; }
.axis .track span:last-child { transform: translateX(-100%); }
.grid td.body .attrs { color: var(--muted); }
.detail { margin-top: 12px; }
.detail:empty { display: none; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.kv { border-collapse: collapse; width: 100%; table-layout: fixed; }
.kv td { border-top: 1px solid #f0f1f4; padding: 3px 8px 3px 0; vertical-align: top; word-break: break-word; white-space: pre-wrap; }
.kv td:first-child { width: 32%; color: var(--muted); font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.facts { display: flex; gap: 6px 18px; flex-wrap: wrap; color: var(--muted); }
.facts b { color: var(--text); font-weight: 600; }
.toolbar { display: flex; gap: 12px; align-items: center; padding: 10px 14px; background: var(--panel); border-bottom: 1px solid var(--line); }
.toolbar input { flex: 0 1 360px; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; }
.toolbar select { margin-left: 6px; padding: 4px; }
.table-wrap { flex: 1; min-height: 0; overflow: auto; background: var(--panel); }
#view-logs .detail { flex: none; max-height: 40%; overflow: auto; padding: 0 14px 12px; margin: 0; border-top: 1px solid var(--line); }
.grid { border-collapse: collapse; width: 100%; }
.grid th { position: sticky; top: 0; background: #eef0f4; text-align: left; font-weight: 600; padding: 5px 10px; z-index: 1; }
.grid td { border-top: 1px solid #eef0f3; padding: 4px 10px; vertical-align: top; }
.grid tbody tr { cursor: pointer; }
.grid tbody tr:hover { background: #f6f8fb; }
.grid tbody tr.selected { background: var(--sel); }
.grid td.body { white-space: pre-wrap; word-break: break-word; }
.c-time { width: 110px; } .c-sev { width: 80px; } .c-event { width: 200px; } .c-trace { width: 100px; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.sev { font-weight: 600; font-size: 12px; }
.sev-0 { color: var(--muted); } .sev-1, .sev-2 { color: #7a8394; } .sev-3 { color: #2f6fde; } .sev-4 { color: #b7791f; } .sev-5, .sev-6 { color: var(--err); }
.link { background: none; border: 0; padding: 0; color: var(--accent); cursor: pointer; text-decoration: underline; }
.link:disabled { color: var(--muted); cursor: default; text-decoration: none; }
.chart { width: 100%; max-width: 760px; height: auto; display: block; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
.chart text { font-size: 11px; fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0; font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.note { padding: 6px 12px; font-size: 12px; }
.series-of { margin: -2px 0 6px; font-size: 12px; }
.value { font-variant-numeric: tabular-nums; }
.foot { flex: none; padding: 4px 14px; font-size: 11px; color: var(--muted); border-top: 1px solid var(--line); background: var(--panel); }
`;
