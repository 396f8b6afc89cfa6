// Stays in signals: it validates default tags with signals/metrics/validation.ts and takes its defaults from names.ts (layer 4).
// codex-otel's MetricsConfig: service identity, exporter (OTLP settings or the in-memory test
// exporter), export interval, runtime reader, default tags and the Statsig deny-list. Immutable:
// every builder returns a new config. The exporter settings (which may hold an API key) sit in a
// private field and are redacted from inspect/JSON/toString.
import { MetricsError } from '../../errors.ts';
import type { MetricsExporterSetting } from '../../config/types.ts';
import type { EnvSnapshot } from '../../config/env-snapshot.ts';
import type { InMemoryMetricExporter } from './in-memory-exporter.ts';
import { DEFAULT_CARDINALITY_LIMIT, STATSIG_DISABLED_METRICS } from './names.ts';
import { validateTag } from './validation.ts';

/** Where a client's metrics go: an OTLP-family setting, or the in-memory test exporter. */
export type MetricsExporter =
  | { readonly kind: 'otlp'; readonly exporter: MetricsExporterSetting }
  | { readonly kind: 'in-memory'; readonly exporter: InMemoryMetricExporter };

/** The resolved fields of a config (read by MetricsClient). */
export interface MetricsConfigState {
  readonly environment: string;
  readonly serviceName: string;
  readonly serviceVersion: string;
  readonly exporter: MetricsExporter;
  readonly exportIntervalMs: number | undefined;
  readonly runtimeReader: boolean;
  readonly disabledMetrics: readonly string[];
  readonly defaultTags: ReadonlyMap<string, string>;
  readonly cardinalityLimit: number;
  readonly env: NodeJS.ProcessEnv | EnvSnapshot | undefined;
}

// setInterval's largest delay.
const MAX_INTERVAL_MS = 2_147_483_647;

let stateOf: (c: MetricsConfig) => MetricsConfigState;

/**
 * Configuration of a `MetricsClient` (codex-otel's `MetricsConfig`). Build with `otlp(…)` or
 * `inMemory(…)`, then chain builders; each returns a new config.
 */
export class MetricsConfig {
  readonly #s: MetricsConfigState;

  static {
    stateOf = (c) => c.#s;
  }

  private constructor(s: MetricsConfigState) {
    this.#s = s;
  }

  // A config with every builder at its default.
  static #fresh(environment: string, serviceName: string, serviceVersion: string, exporter: MetricsExporter, disabledMetrics: readonly string[]): MetricsConfig {
    return new MetricsConfig({
      environment,
      serviceName,
      serviceVersion,
      exporter,
      exportIntervalMs: undefined,
      runtimeReader: false,
      disabledMetrics,
      defaultTags: new Map(),
      cardinalityLimit: DEFAULT_CARDINALITY_LIMIT,
      env: undefined,
    });
  }

  /**
   * Exports to `exporter`: `{ kind: 'otlp-http', protocol: 'json' | 'binary', … }`,
   * `{ kind: 'otlp-grpc', … }`, `{ kind: 'statsig', apiKey?, endpoint? }` (always OTLP/HTTP JSON;
   * deny-list `STATSIG_DISABLED_METRICS` applied by default), `{ kind: 'custom', exporter }`, or
   * `{ kind: 'none' }` (the client constructor then throws `ExporterDisabled`, as in codex-otel).
   */
  static otlp(environment: string, serviceName: string, serviceVersion: string, exporter: MetricsExporterSetting): MetricsConfig {
    return MetricsConfig.#fresh(environment, serviceName, serviceVersion, { kind: 'otlp', exporter }, exporter.kind === 'statsig' ? STATSIG_DISABLED_METRICS : []);
  }

  /** Exports to an `InMemoryMetricExporter` (tests); no deny-list. */
  static inMemory(environment: string, serviceName: string, serviceVersion: string, exporter: InMemoryMetricExporter): MetricsConfig {
    return MetricsConfig.#fresh(environment, serviceName, serviceVersion, { kind: 'in-memory', exporter }, []);
  }

  #with(patch: Partial<MetricsConfigState>): MetricsConfig {
    return new MetricsConfig({ ...this.#s, ...patch });
  }

  /**
   * Export interval in ms; wins over `OTEL_METRIC_EXPORT_INTERVAL` (default 60000).
   * @throws MetricsError `InvalidConfig` unless a finite number > 0.
   */
  withExportInterval(ms: number): MetricsConfig {
    if (typeof ms !== 'number' || !(ms > 0) || !Number.isFinite(ms)) {
      throw new MetricsError('InvalidConfig', { message: `export interval must be a positive number of milliseconds, got ${String(ms)}` });
    }
    return this.#with({ exportIntervalMs: Math.min(Math.max(1, Math.round(ms)), MAX_INTERVAL_MS) });
  }

  /** Adds the delta runtime reader behind `MetricsClient.snapshot()`. */
  withRuntimeReader(): MetricsConfig {
    return this.#with({ runtimeReader: true });
  }

  /**
   * Adds a default tag on every recording (per-call tags override it; last value wins).
   * @throws MetricsError `EmptyTagComponent` / `InvalidTagComponent` carrying the label and value.
   */
  withTag(key: string, value: string): MetricsConfig {
    validateTag(key, value);
    const tags = new Map(this.#s.defaultTags);
    tags.set(key, value);
    return this.#with({ defaultTags: tags });
  }

  /**
   * Replaces the deny-list: metrics with these exact names are validated, then silently not
   * recorded. Default: `STATSIG_DISABLED_METRICS` for the Statsig exporter, none otherwise.
   */
  withDisabledMetrics(names: Iterable<string>): MetricsConfig {
    return this.#with({ disabledMetrics: Object.freeze([...names].map(String)) });
  }

  /**
   * Max series per metric, the overflow series (`otel.metric.overflow=true`) included.
   * @default 2000
   * @throws MetricsError `InvalidConfig` unless an integer >= 2.
   */
  withCardinalityLimit(limit: number): MetricsConfig {
    if (!Number.isSafeInteger(limit) || limit < 2) {
      throw new MetricsError('InvalidConfig', { message: `cardinality limit must be an integer >= 2, got ${String(limit)}` });
    }
    return this.#with({ cardinalityLimit: limit });
  }

  /** Environment read for OTEL_* and STATSIG_SERVER_SDK_SECRET. @default process.env (read once, when the client is built) */
  withEnv(env: NodeJS.ProcessEnv | EnvSnapshot): MetricsConfig {
    return this.#with({ env });
  }

  /** Deployment environment (resource attribute `env`). */
  get environment(): string {
    return this.#s.environment;
  }
  /** Resource `service.name`. */
  get serviceName(): string {
    return this.#s.serviceName;
  }
  /** Resource `service.version`. */
  get serviceVersion(): string {
    return this.#s.serviceVersion;
  }
  /** `'in-memory'` or the OTLP setting's kind (`'otlp-http'`, `'statsig'`, `'custom'`, `'none'`, …). */
  get exporterKind(): string {
    const e = this.#s.exporter;
    return e.kind === 'in-memory' ? 'in-memory' : e.exporter.kind;
  }
  /** The configured export interval, undefined when the env / default applies. */
  get exportIntervalMs(): number | undefined {
    return this.#s.exportIntervalMs;
  }
  /** True when `withRuntimeReader()` was called. */
  get runtimeReader(): boolean {
    return this.#s.runtimeReader;
  }
  /** Default tags (a copy). */
  get defaultTags(): Record<string, string> {
    return Object.fromEntries(this.#s.defaultTags);
  }
  /** The deny-list. */
  get disabledMetrics(): readonly string[] {
    return this.#s.disabledMetrics;
  }

  /** A JSON-safe description with secrets redacted. */
  toJSON(): Record<string, unknown> {
    const e = this.#s.exporter;
    let exporter: Record<string, unknown>;
    if (e.kind === 'in-memory') exporter = { kind: 'in-memory' };
    else if (e.exporter.kind === 'statsig') {
      exporter = { kind: 'statsig', apiKey: e.exporter.apiKey === undefined ? undefined : '[REDACTED]', endpoint: e.exporter.endpoint };
    } else if (e.exporter.kind === 'otlp-http' || e.exporter.kind === 'otlp-grpc') {
      exporter = { kind: e.exporter.kind, endpoint: e.exporter.endpoint, headers: e.exporter.headers === undefined ? undefined : Object.keys(e.exporter.headers).map((k) => `${k}: [REDACTED]`) };
    } else exporter = { kind: e.exporter.kind };
    return {
      environment: this.#s.environment,
      serviceName: this.#s.serviceName,
      serviceVersion: this.#s.serviceVersion,
      exporter,
      exportIntervalMs: this.#s.exportIntervalMs,
      runtimeReader: this.#s.runtimeReader,
      defaultTags: this.defaultTags,
      disabledMetrics: this.#s.disabledMetrics,
    };
  }

  /** Redacted, like `toJSON`. */
  toString(): string {
    return `MetricsConfig ${JSON.stringify(this.toJSON())}`;
  }

  /** util.inspect / console.log: redacted, like `toJSON`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** The fields of a config (for the client; not part of the public surface). */
export function readConfig(c: MetricsConfig): MetricsConfigState {
  if (!(c instanceof MetricsConfig)) throw new MetricsError('InvalidConfig', { message: 'expected a MetricsConfig (use MetricsConfig.otlp or MetricsConfig.inMemory)' });
  return stateOf(c);
}
