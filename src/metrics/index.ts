/**
 * Prometheus metrics (`/metrics`): workers record pipeline events into Redis with
 * MetricsRecorder; the web process serves them with createMetricsRegistry. README "Metrics"
 * lists every family.
 */
export {
  COMPLETENESS_FIELDS,
  JOB_RESULTS,
  MetricsRecorder,
  presentFields,
  type CompletenessField,
  type JobResult,
  type MetricsRecorderOptions,
} from './recorder.js';
export { readCompleteness, type Completeness } from './completeness.js';
export { createMetricsRegistry, type MetricsRegistry, type MetricsRegistryOptions } from './registry.js';
export { FETCH_CLASSES, statusClass, type FetchClass } from './status-class.js';
export { field, JOB_DURATION_BUCKETS, MetricsKeys, splitField } from './keys.js';
