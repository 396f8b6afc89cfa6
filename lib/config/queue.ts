// Batching options of spans (OTEL_BSP_*) and log records (OTEL_BLRP_*), over the queue defaults
// of defaults.ts. Pure over the env snapshot.
import {
  DEFAULT_BATCH_EXPORT_TIMEOUT_MS, DEFAULT_LOG_SCHEDULE_DELAY_MS, DEFAULT_MAX_EXPORT_BATCH_SIZE, DEFAULT_MAX_QUEUE_SIZE, DEFAULT_SPAN_SCHEDULE_DELAY_MS,
} from './defaults.ts';
import type { QueueOptions } from '../contracts.ts';
import { diag } from '../platform/diag.ts';
import { envInteger, envTimeout, type EnvSnapshot } from './env-snapshot.ts';

/**
 * Batching options for spans (OTEL_BSP_*) or log records (OTEL_BLRP_*): MAX_QUEUE_SIZE (≥ 1),
 * MAX_EXPORT_BATCH_SIZE (≥ 1, clamped to the queue size with a warning), SCHEDULE_DELAY (ms ≥ 0),
 * EXPORT_TIMEOUT (ms; 0 = no limit, i.e. 2^31-1). Invalid values are ignored with a warning.
 */
export function readQueueOptions(signal: 'traces' | 'logs', env: EnvSnapshot): QueueOptions {
  const p = signal === 'traces' ? 'BSP' : 'BLRP';
  const maxQueueSize = envInteger(env, `OTEL_${p}_MAX_QUEUE_SIZE`, 1) ?? DEFAULT_MAX_QUEUE_SIZE;
  let maxExportBatchSize = envInteger(env, `OTEL_${p}_MAX_EXPORT_BATCH_SIZE`, 1) ?? DEFAULT_MAX_EXPORT_BATCH_SIZE;
  if (maxExportBatchSize > maxQueueSize) {
    if (env[`OTEL_${p}_MAX_EXPORT_BATCH_SIZE`] !== undefined) {
      diag('warn', `OTEL_${p}_MAX_EXPORT_BATCH_SIZE is larger than OTEL_${p}_MAX_QUEUE_SIZE; clamped to ${maxQueueSize}`);
    }
    maxExportBatchSize = maxQueueSize;
  }
  const scheduledDelayMs =
    envInteger(env, `OTEL_${p}_SCHEDULE_DELAY`) ?? (signal === 'traces' ? DEFAULT_SPAN_SCHEDULE_DELAY_MS : DEFAULT_LOG_SCHEDULE_DELAY_MS);
  const exportTimeoutMs = envTimeout(env, `OTEL_${p}_EXPORT_TIMEOUT`, DEFAULT_BATCH_EXPORT_TIMEOUT_MS);
  return { maxQueueSize, maxExportBatchSize, scheduledDelayMs, exportTimeoutMs, maxConcurrentExports: 1 };
}
