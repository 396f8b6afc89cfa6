// One undici POST to the loopback server at argv[2], then a natural exit: what exit costs after
// undici has run (Node 20 idles ~65-80 ms while V8 tiers llhttp's WebAssembly up; Node 22/24 and
// Bun do not). `--liftoff` compiles llhttp with Liftoff only (what the library did before its
// default transport became node:http). Loads undici's Agent and request modules by path. Plain JS so
// every runtime starts it without a TypeScript loader. Used by spec/matrix/exit-latency.mjs.
import v8 from 'node:v8';

const url = new URL(process.argv[2] ?? 'http://127.0.0.1:4318/v1/traces');
const liftoff = process.argv.includes('--liftoff');
if (liftoff) v8.setFlagsFromString('--liftoff-only');
const [{ default: Agent }, { default: request }] = await Promise.all([import('undici/lib/dispatcher/agent.js'), import('undici/lib/api/api-request.js')]);
const agent = new Agent();
const res = await request.call(agent, { origin: url.origin, path: url.pathname, method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
await res.body.text();
if (liftoff) v8.setFlagsFromString('--no-liftoff-only');
await agent.close();
if (res.statusCode !== 200) process.exitCode = 1;
