// Proxy selection from the environment, as a pure function of (destination URL, env):
// HTTPS_PROXY for https destinations, HTTP_PROXY for http ones (lower-case names win, as in
// curl and undici), unless NO_PROXY matches the host (`*`, exact host, domain suffix, :port).

/** The proxy-related environment variables (any NodeJS.ProcessEnv works). */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

function envValue(env: ProxyEnv, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/** True when `NO_PROXY` says the host (and port) of `url` must be reached directly. */
export function isNoProxy(url: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0;
  for (const raw of noProxy.split(/[,\s]+/)) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let entryPort = 0;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    const hostPort = bracketed === null ? /^([^:]+):(\d+)$/.exec(entry) : null;
    const m = bracketed ?? hostPort;
    if (m !== null) {
      entry = m[1] ?? entry;
      entryPort = Number(m[2] ?? 0);
    }
    if (entryPort !== 0 && entryPort !== port) continue;
    entry = entry.replace(/^\*?\./, '');
    if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/**
 * The proxy URL to use for `target`, or undefined to connect directly. Unparsable proxy URLs
 * are ignored (undefined).
 */
export function selectProxy(target: string | URL, env: ProxyEnv): string | undefined {
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : target;
  } catch {
    return undefined;
  }
  const proxy = url.protocol === 'https:' ? envValue(env, 'https_proxy') : url.protocol === 'http:' ? envValue(env, 'http_proxy') : undefined;
  if (proxy === undefined) return undefined;
  if (isNoProxy(url, envValue(env, 'no_proxy'))) return undefined;
  try {
    const p = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
    return p.protocol === 'http:' || p.protocol === 'https:' ? p.href : undefined;
  } catch {
    return undefined;
  }
}
