/**
 * The ingest bench's output: statistics over runs and the table, headed by the machine it ran on
 * (shared machines are noisy: the load average says how busy this one was).
 */
import { cpus, loadavg } from 'node:os';
import { Redis } from 'ioredis';

/** A part's rows and the sentence that says what was measured. */
export interface PartResult {
  about: string;
  rows: Row[];
}

/** One line of the table, every cell already formatted. */
export interface Row {
  what: string;
  median: string;
  spread: string;
  floor: string;
  ratio: string;
  goal: string;
}

export function formatLoad(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

export async function describeMachine(redisUrl: string): Promise<string> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    const info = await redis.info('server');
    const load = formatLoad();
    return (
      `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} cores · Node.js ${process.version} · ` +
      `Redis ${/redis_version:(\S+)/.exec(info)?.[1] ?? '?'} at ${redisUrl} · load average before: ${load}`
    );
  } finally {
    redis.disconnect();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "min–max" with the unit once: "38–41/s". */
export function spreadOf(values: readonly number[], format: (value: number) => string, unit: string): string {
  return `${format(Math.min(...values))}–${format(Math.max(...values))}${unit}`;
}

/** Releases per second: one decimal below 10, whole numbers above. */
export const perSecondOf = (value: number): string => (value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en'));
export const rate = (value: number): string => `${perSecondOf(value)}/s`;
export const secondsOf = (ms: number): string => (ms / 1000).toFixed(1);
export const seconds = (ms: number): string => `${secondsOf(ms)} s`;
export const factor = (value: number): string => value.toFixed(2);
export const times = (value: number): string => `${factor(value)}×`;
export const perSecond = (releases: number, ms: number): number => (releases / ms) * 1000;

/** A Markdown table on stdout (progress went to stderr), under the lines that say what ran where. */
export function printTable(lines: string[], rows: Row[]): void {
  const header: Row = { what: 'measurement', median: 'median', spread: 'spread (min–max)', floor: 'floor / bound', ratio: 'ratio (min–max)', goal: 'goal' };
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((key) => Math.max(...[header, ...rows].map((row) => row[key].length)));
  const line = (row: Row): string => `| ${keys.map((key, i) => row[key].padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  console.log(['', ...lines, '', line(header), rule, ...rows.map(line)].join('\n'));
}
