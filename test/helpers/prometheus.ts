/**
 * Reading `/metrics` the way Prometheus does: fetch over HTTP, parse with an independent parser
 * of the text format, then look series up by name and labels.
 */
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';

export interface Scrape {
  contentType: string | null;
  text: string;
  families: ParsedFamily[];
}

export interface HistogramSeries {
  /** Cumulative counts by upper bound (`le`), `+Inf` included. */
  buckets: Record<string, number>;
  sum: number;
  count: number;
}

export async function scrapeMetrics(url: string): Promise<Scrape> {
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text}`);
  return { contentType: res.headers.get('content-type'), ...parseMetrics(text) };
}

export function parseMetrics(text: string): Omit<Scrape, 'contentType'> {
  return { text, families: parsePrometheusTextFormat(text) };
}

export function family(scrape: Scrape | Omit<Scrape, 'contentType'>, name: string): ParsedFamily | undefined {
  return scrape.families.find((f) => f.name === name);
}

/** Sample values as written: numbers, `+Inf`, `-Inf`, `NaN`. */
export function sampleValue(value: string | undefined): number {
  if (value === '+Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  return Number(value);
}

/** `a=1,b=2` key of a label set, labels sorted, for whole-family comparisons. */
export function labelKey(labels: Record<string, string> = {}): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/** Every series of a counter or gauge as `labelKey → value`. */
export function seriesOf(scrape: Omit<Scrape, 'contentType'>, name: string): Record<string, number> {
  const f = family(scrape, name);
  if (!f) return {};
  return Object.fromEntries(f.metrics.map((m) => [labelKey(m.labels), sampleValue(m.value)]));
}

/**
 * The histogram series with exactly these labels. The parser folds all label sets of a histogram
 * into one (it only knows unlabelled ones), so the histogram's TYPE line is dropped and its
 * `_bucket`, `_sum` and `_count` samples are read as plain samples with their labels.
 */
export function histogramOf(scrape: Omit<Scrape, 'contentType'>, name: string, labels: Record<string, string>): HistogramSeries | undefined {
  const untyped = scrape.text
    .split('\n')
    .filter((line) => line !== `# TYPE ${name} histogram`)
    .join('\n');
  const key = labelKey(labels);
  const samples = (suffix: string) =>
    parsePrometheusTextFormat(untyped)
      .filter((f) => f.name === `${name}${suffix}`)
      .flatMap((f) => f.metrics);
  const buckets: Record<string, number> = {};
  for (const m of samples('_bucket')) {
    const { le, ...rest } = m.labels ?? {};
    if (le !== undefined && labelKey(rest) === key) buckets[le] = sampleValue(m.value);
  }
  const sum = samples('_sum').find((m) => labelKey(m.labels) === key);
  const count = samples('_count').find((m) => labelKey(m.labels) === key);
  if (!sum || !count) return undefined;
  return { buckets, sum: sampleValue(sum.value), count: sampleValue(count.value) };
}
