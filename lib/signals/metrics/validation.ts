// codex-otel's metric validation rules: metric names are non-empty `[A-Za-z0-9._-]`, tag
// keys and values non-empty `[A-Za-z0-9._/-]`, counter increments >= 0. Failures throw codex-otel's
// MetricsError kinds with the offending value. Char-table loops, no regex.
import { MetricsError } from '../../errors.ts';

// 1 = allowed in names and tags, 2 = allowed in tags only ('/').
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9._-]/.test(ch)) CLASS[c] = 1;
}
CLASS[0x2f] = 2;

/** True when `name` is a valid metric name (non-empty, `[A-Za-z0-9._-]` only). */
export function isValidMetricName(name: string): boolean {
  // Hot path: char-table loop, no regex, no allocation.
  const n = name.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || CLASS[c] !== 1) return false;
  }
  return true;
}

/** True when `value` is a valid tag key or value (non-empty, `[A-Za-z0-9._/-]` only). */
export function isValidTagComponent(value: string): boolean {
  // Hot path: char-table loop, no regex, no allocation.
  const n = value.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || CLASS[c] === 0) return false;
  }
  return true;
}

/**
 * Validates a metric name.
 * @throws MetricsError `EmptyMetricName`, or `InvalidMetricName` carrying `name`.
 */
export function validateMetricName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    if (typeof name === 'string') throw new MetricsError('EmptyMetricName');
    throw new MetricsError('InvalidMetricName', { name: String(name) });
  }
  if (!isValidMetricName(name)) throw new MetricsError('InvalidMetricName', { name });
}

/**
 * Validates one tag component; `label` is `'tag key'` or `'tag value'`.
 * @throws MetricsError `EmptyTagComponent` carrying `label`, or `InvalidTagComponent` carrying
 * `label` and `value`.
 */
export function validateTagComponent(label: 'tag key' | 'tag value', value: unknown): void {
  if (value === undefined || value === null || value === '') throw new MetricsError('EmptyTagComponent', { label });
  if (typeof value !== 'string') throw new MetricsError('InvalidTagComponent', { label, value: String(value) });
  if (!isValidTagComponent(value)) throw new MetricsError('InvalidTagComponent', { label, value });
}

/**
 * Validates a tag pair: the key first, then the value.
 * @throws MetricsError as `validateTagComponent`.
 */
export function validateTag(key: unknown, value: unknown): void {
  validateTagComponent('tag key', key);
  validateTagComponent('tag value', value);
}

/**
 * Validates a counter increment: must be a number >= 0 (NaN and infinities are refused too).
 * @throws MetricsError `NegativeCounterIncrement` carrying `name` and `inc`.
 */
export function validateCounterIncrement(name: string, inc: number): void {
  if (!(inc >= 0) || inc === Infinity) throw new MetricsError('NegativeCounterIncrement', { name, inc });
}

/** Per-call tags as codex-otel takes them (`&[(&str, &str)]`) or as a plain object. Duplicate keys: last wins. */
export type MetricTags = Readonly<Record<string, string>> | readonly (readonly [string, string])[];

/**
 * Validates every pair of `tags` in call order (key, then value).
 * @throws MetricsError as `validateTagComponent`.
 */
export function validateTags(tags: MetricTags | undefined): void {
  if (tags === undefined || tags === null) return;
  if (Array.isArray(tags)) {
    for (const pair of tags as readonly (readonly [string, string])[]) validateTag(pair[0], pair[1]);
    return;
  }
  const obj = tags as Readonly<Record<string, string>>;
  for (const k in obj) validateTag(k, obj[k]);
}
