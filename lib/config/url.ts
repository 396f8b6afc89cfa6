// The one URL predicate shared by settings validation, OTLP destination resolution and the
// metrics export plan.

/** True for an absolute http:// or https:// URL with a host. */
export function isHttpUrl(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
