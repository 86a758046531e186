/**
 * How a source is doing, from its stored state alone. One pure function shared by
 * `hessenfeed status`, the admin pages and the metrics, so that all three agree on what
 * "failing" and "stale" mean.
 *
 * - new:     never polled (just added to config, or no scheduler has run yet).
 * - failing: the last poll failed (consecutiveFailures ≥ 1); the reason is the last error.
 * - stale:   the last successful poll is older than STALE_AFTER_INTERVALS × the source's interval,
 *            or the source was polled but never succeeded. Polls stopped happening: no scheduler
 *            or no worker is running, or the queue is stuck.
 * - ok:      otherwise.
 */
import type { Source, SourceState } from '../model/index.js';
import { backoffUntil } from '../pipeline/index.js';

export type SourceHealthStatus = 'ok' | 'stale' | 'failing' | 'new';

export interface SourceHealth {
  status: SourceHealthStatus;
  /** One plain sentence for people: why the status is what it is. */
  reason: string;
  /**
   * When the next poll is expected to do work (ISO 8601): last poll + interval, or later while a
   * failing source backs off. An estimate (the scheduler runs on its own clock); may lie in the
   * past when polls stopped.
   */
  nextPollAt?: string;
}

/** A source whose last success is older than this many intervals is stale. */
export const STALE_AFTER_INTERVALS = 3;

/** "45s", "12m", "3h", "2d": short enough for a table column. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.round(h / 24)}d`;
}

function expectedNextPoll(source: Source, state: SourceState): string | undefined {
  if (!state.lastPollAt) return undefined;
  const last = Date.parse(state.lastPollAt);
  if (Number.isNaN(last)) return undefined;
  const regular = last + source.intervalMs;
  const backoff = backoffUntil(source, state.consecutiveFailures, state.lastPollAt)?.getTime() ?? regular;
  return new Date(Math.max(regular, backoff)).toISOString();
}

export function sourceHealth(source: Source, state: SourceState, now: Date): SourceHealth {
  const nextPollAt = expectedNextPoll(source, state);
  const withNext = (status: SourceHealthStatus, reason: string): SourceHealth =>
    nextPollAt === undefined ? { status, reason } : { status, reason, nextPollAt };
  if (!state.lastPollAt && !state.lastSuccessAt && state.consecutiveFailures === 0) {
    return { status: 'new', reason: 'never polled' };
  }
  if (state.consecutiveFailures >= 1) {
    return withNext('failing', state.lastError?.message ?? `the last ${state.consecutiveFailures} poll(s) failed`);
  }
  const lastSuccess = state.lastSuccessAt ? Date.parse(state.lastSuccessAt) : Number.NaN;
  if (Number.isNaN(lastSuccess)) return withNext('stale', 'polled, but never successfully');
  const age = now.getTime() - lastSuccess;
  const limit = STALE_AFTER_INTERVALS * source.intervalMs;
  if (age > limit) {
    return withNext(
      'stale',
      `no successful poll for ${formatDuration(age)} (interval ${formatDuration(source.intervalMs)}); is a scheduler and a worker running?`,
    );
  }
  return withNext('ok', `last successful poll ${formatDuration(age)} ago`);
}

/** True for the states `hessenfeed status` reports as a problem (non-zero exit). */
export function isUnhealthy(health: SourceHealth): boolean {
  return health.status === 'failing' || health.status === 'stale';
}
