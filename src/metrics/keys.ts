/**
 * Where the pipeline's counters live in Redis. Fetches, extractions, ingests and jobs happen in
 * worker processes on any machine, while `/metrics` is served by the web process: so every
 * worker adds to the same few hashes (HINCRBY adds up correctly from anywhere) and the web
 * process reads them when Prometheus scrapes. All keys are under `<KEY_PREFIX>:metrics:`, so
 * deployments and test runs sharing one Redis never see each other's numbers.
 *
 * Hash fields are `<label>|<label>`: source ids are `[a-z0-9-]` and queue names fixed, so `|`
 * never occurs inside a label.
 */

/** Upper bounds (seconds) of the job duration histogram: from a quick ingest to a slow scrape. */
export const JOB_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] as const;

export const FIELD_SEPARATOR = '|';

export class MetricsKeys {
  constructor(readonly prefix: string) {}

  private key(suffix: string): string {
    return `${this.prefix}:metrics:${suffix}`;
  }

  /** `<source>|<class>` → fetches. */
  get fetches(): string {
    return this.key('fetch');
  }
  /** `<source>|<outcome>` → ingested articles. */
  get ingests(): string {
    return this.key('ingest');
  }
  /** `<source>|releases` → extracted articles; `<source>|<field>` → those that had the field. */
  get extractions(): string {
    return this.key('extract');
  }
  /** `<queue>|<result>` → finished job runs. */
  get jobs(): string {
    return this.key('jobs');
  }
  /**
   * `<queue>|<le>` → runs in that bucket alone (not cumulative; `+Inf` for longer ones) and
   * `<queue>|sum_us` → total run time in microseconds (integer, so HINCRBY stays exact).
   */
  get jobDurations(): string {
    return this.key('jobtime');
  }

  /** Every key, for the one pipelined read per scrape. */
  get all(): string[] {
    return [this.fetches, this.ingests, this.extractions, this.jobs, this.jobDurations];
  }
}

export function field(...labels: string[]): string {
  return labels.join(FIELD_SEPARATOR);
}

/** `"a|b"` → `["a", "b"]`. */
export function splitField(value: string): string[] {
  return value.split(FIELD_SEPARATOR);
}
