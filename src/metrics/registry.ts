/**
 * The Prometheus registry the web process serves at `/metrics`. Pipeline numbers come from Redis
 * (summed over every worker process, see keys.ts), read when Prometheus scrapes; queue sizes and
 * source freshness are read live from BullMQ and the store; HTTP durations and process metrics
 * belong to this process. Each call makes its own Registry, never the global default, so several
 * can live in one process (tests, or two deployments).
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
import type { SourceState } from '../model/index.js';
import { QUEUE_NAMES, type QueueName } from '../queue/index.js';
import { completenessBySource } from './completeness.js';
import { JOB_DURATION_BUCKETS, MetricsKeys } from './keys.js';
import { HttpDurations, type DurationSeries } from './http-durations.js';
import { COMPLETENESS_FIELDS } from './recorder.js';
import { groupByFirst, readSnapshot, sharedRead, type Sample, type Snapshot } from './snapshot.js';

export interface MetricsRegistryOptions {
  /** The connection the store and queues use. */
  redis: Redis;
  /** KEY_PREFIX: the deployment whose numbers to show. */
  prefix: string;
  queues: Record<QueueName, Queue>;
  store: { listSourceStates(ids: string[]): Promise<SourceState[]> };
  /** Configured sources; their freshness is reported. */
  sources: readonly { id: string }[];
  now?: () => Date;
  /** `process_*` and `nodejs_*` metrics of this process. @defaultValue true */
  processMetrics?: boolean;
  /**
   * This process's own recorder, when it runs workers too: its counts not yet in Redis are added
   * before each read, so a scrape of the process that did the work is exact.
   */
  recorder?: { flush(): Promise<void> };
  /** Bytes each of this process's caches holds, by name (the web process: kept renders and entries). */
  caches?: () => Record<string, number>;
}

export interface MetricsRegistry {
  registry: Registry;
  /** Records one answered HTTP request; `route` is the route pattern (`/tags/:slug.atom`), not the URL. */
  observeHttp(route: string, method: string, statusCode: number, seconds: number): void;
  /** The series observeHttp adds to, for a caller that answers the same kind of request again and again. */
  httpSeries(route: string, method: string, statusCode: number): DurationSeries;
}

type Labels = Record<string, string>;
type Row = [Labels, number];
type Read = () => Promise<Snapshot>;

interface Family {
  name: string;
  help: string;
  labelNames: string[];
  /** The family's series, read afresh at every scrape. */
  rows: () => Promise<Row[]>;
}

function registerCounter(registry: Registry, family: Family): void {
  new Counter({
    name: family.name,
    help: family.help,
    labelNames: family.labelNames,
    registers: [registry],
    async collect() {
      const rows = await family.rows();
      this.reset();
      for (const [labels, value] of rows) this.inc(labels, value);
    },
  });
}

function registerGauge(registry: Registry, family: Family): void {
  new Gauge({
    name: family.name,
    help: family.help,
    labelNames: family.labelNames,
    registers: [registry],
    async collect() {
      const rows = await family.rows();
      this.reset();
      for (const [labels, value] of rows) this.set(labels, value);
    },
  });
}

/** Samples as rows, the hash field's parts named by `labelNames`. */
function toRows(list: Sample[], labelNames: string[]): Row[] {
  return list
    .filter((s) => s.labels.length === labelNames.length)
    .map((s) => [Object.fromEntries(labelNames.map((n, i) => [n, s.labels[i]!])), s.value]);
}

function registerPipelineCounters(registry: Registry, read: Read): void {
  registerCounter(registry, {
    name: 'hessenfeed_fetch_total',
    help: 'Fetches of feeds, listings and articles by source and status class (2xx, 304, 3xx, 4xx, 5xx, timeout, refused, network, error).',
    labelNames: ['source', 'class'],
    rows: async () => toRows((await read()).fetches, ['source', 'class']),
  });
  registerCounter(registry, {
    name: 'hessenfeed_items_ingested_total',
    help: 'Articles merged into the store by source and identity decision (new, updated, duplicate-url, duplicate-content, near-duplicate).',
    labelNames: ['source', 'outcome'],
    rows: async () => toRows((await read()).ingests, ['source', 'outcome']),
  });
  registerCounter(registry, {
    name: 'hessenfeed_jobs_total',
    help: 'Job runs by queue and result (completed, failed for good, retried).',
    labelNames: ['queue', 'result'],
    rows: async () => toRows((await read()).jobs, ['queue', 'result']),
  });
}

/** Per source: releases extracted, how many had each field, and the share (0..1). */
function extractionRows(list: Sample[]): { releases: Row[]; fields: Row[]; shares: Row[] } {
  const out = { releases: [] as Row[], fields: [] as Row[], shares: [] as Row[] };
  for (const [source, { releases, counts, shares }] of completenessBySource(list)) {
    out.releases.push([{ source }, releases]);
    for (const field of COMPLETENESS_FIELDS) {
      out.fields.push([{ source, field }, counts[field]]);
      out.shares.push([{ source, field }, shares[field]]);
    }
  }
  return out;
}

function registerExtraction(registry: Registry, read: Read): void {
  const extraction = async () => extractionRows((await read()).extractions);
  registerCounter(registry, {
    name: 'hessenfeed_extracted_releases_total',
    help: 'Releases extracted and ingested, by source.',
    labelNames: ['source'],
    rows: async () => (await extraction()).releases,
  });
  registerCounter(registry, {
    name: 'hessenfeed_extracted_fields_total',
    help: 'Extracted releases that had the field (ministry, date, tags, body), by source.',
    labelNames: ['source', 'field'],
    rows: async () => (await extraction()).fields,
  });
  registerGauge(registry, {
    name: 'hessenfeed_extraction_completeness',
    help: 'Share (0..1) of extracted releases that had the field (ministry, date, tags, body), by source.',
    labelNames: ['source', 'field'],
    rows: async () => (await extraction()).shares,
  });
}

interface HistogramSample {
  labels: Labels;
  value: number;
  metricName: string;
}

/** Cumulative buckets, sum and count per queue from the per-bucket counts in Redis. */
function jobDurationSamples(name: string, list: Sample[]): HistogramSample[] {
  const samples: HistogramSample[] = [];
  for (const [queue, counts] of groupByFirst(list)) {
    let cumulative = 0;
    for (const le of [...JOB_DURATION_BUCKETS.map(String), '+Inf']) {
      cumulative += counts.get(le) ?? 0;
      samples.push({ labels: { queue, le }, value: cumulative, metricName: `${name}_bucket` });
    }
    samples.push({ labels: { queue }, value: (counts.get('sum_us') ?? 0) / 1e6, metricName: `${name}_sum` });
    samples.push({ labels: { queue }, value: cumulative, metricName: `${name}_count` });
  }
  return samples;
}

/**
 * prom-client cannot load a histogram's bucket counts from elsewhere, so this family is a plain
 * metric object of the shape the registry formats (name, help, type, samples with metricName).
 */
function registerJobDurations(registry: Registry, read: Read): void {
  const name = 'hessenfeed_job_duration_seconds';
  const help = 'Run time of jobs by queue (all worker processes), failed runs included.';
  const head = { name, help, type: 'histogram', aggregator: 'sum' };
  const family = {
    ...head,
    get: async () => ({ ...head, values: jobDurationSamples(name, (await read()).jobDurations) }),
    reset: () => {},
  };
  registry.registerMetric(family as unknown as Metric);
}

function registerQueues(registry: Registry, queues: Record<QueueName, Queue>): void {
  registerGauge(registry, {
    name: 'hessenfeed_queue_jobs',
    help: 'Jobs in each BullMQ queue by state (waiting, active, delayed, prioritized, waiting-children, completed, failed).',
    labelNames: ['queue', 'state'],
    rows: async () => {
      const counts = await Promise.all(QUEUE_NAMES.map((q) => queues[q].getJobCounts()));
      return QUEUE_NAMES.flatMap((queue, i) => Object.entries(counts[i]!).map(([state, n]): Row => [{ queue, state }, n]));
    },
  });
}

function registerSources(registry: Registry, options: MetricsRegistryOptions): void {
  const ids = options.sources.map((s) => s.id);
  const states = sharedRead(() => options.store.listSourceStates(ids));
  const ageSeconds = (state: SourceState, now: number): number =>
    state.lastSuccessAt ? Math.max(0, (now - Date.parse(state.lastSuccessAt)) / 1000) : Infinity;
  registerGauge(registry, {
    name: 'hessenfeed_source_last_success_age_seconds',
    help: 'Seconds since the last successful poll (200 or 304) of each configured source; +Inf when it never succeeded.',
    labelNames: ['source'],
    rows: async () => {
      const now = (options.now?.() ?? new Date()).getTime();
      return (await states()).map((s): Row => [{ source: s.id }, ageSeconds(s, now)]);
    },
  });
  registerGauge(registry, {
    name: 'hessenfeed_source_consecutive_failures',
    help: 'Failed polls of each configured source since its last success.',
    labelNames: ['source'],
    rows: async () => (await states()).map((s): Row => [{ source: s.id }, s.consecutiveFailures]),
  });
}

export function createMetricsRegistry(options: MetricsRegistryOptions): MetricsRegistry {
  const registry = new Registry();
  const keys = new MetricsKeys(options.prefix);
  const read = sharedRead(async () => {
    await options.recorder?.flush();
    return readSnapshot(options.redis, keys);
  });
  registerPipelineCounters(registry, read);
  registerExtraction(registry, read);
  registerJobDurations(registry, read);
  registerQueues(registry, options.queues);
  registerSources(registry, options);
  const { caches } = options;
  if (caches) {
    registerGauge(registry, {
      name: 'hessenfeed_cache_bytes',
      help: 'Bytes held by each cache of this process: renders (kept responses, every coding made) and entries (feed entries kept for the next render).',
      labelNames: ['cache'],
      rows: () => Promise.resolve(Object.entries(caches()).map(([cache, bytes]): Row => [{ cache }, bytes])),
    });
  }
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const http = new HttpDurations();
  // Not one of prom-client's classes, but what its registry reads of one (http-durations.ts).
  registry.registerMetric(http as unknown as Metric);
  return {
    registry,
    observeHttp: (route, method, statusCode, seconds) => http.observe(route, method, statusCode, seconds),
    httpSeries: (route, method, statusCode) => http.seriesOf(route, method, statusCode),
  };
}
