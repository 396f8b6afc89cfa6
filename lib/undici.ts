// `import 'otlp-lite/undici'`: puts undici in a bundled program, for exports through
// HTTPS_PROXY / HTTP_PROXY and for exporters set to `transport: 'undici'`. Unbundled programs do
// not need it (undici is found in node_modules at the first proxied export); a bundle built
// without it reports once, at the default log level, that proxied exports cannot be sent.
// undici is still loaded only at the first export that needs it, never at startup.
import { registerUndiciLoader } from './pipeline/export/http/undici.ts';

registerUndiciLoader(() => import('undici/index.js'));
