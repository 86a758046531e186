import { describe, expect, it } from 'vitest';
import type { SourceState } from '../src/model/index.js';
import { isUnhealthy, sourceHealth } from '../src/ops/index.js';
import { testSource } from './helpers/pipeline.js';

const source = testSource({ id: 'kultus-presse', url: 'https://kultus.hessen.de/presse', intervalMs: 15 * 60_000 });
const now = new Date('2025-03-10T12:00:00.000Z');
const minutesAgo = (m: number): string => new Date(now.getTime() - m * 60_000).toISOString();

function state(partial: Partial<SourceState> = {}): SourceState {
  return {
    id: source.id,
    consecutiveFailures: 0,
    itemsSeen: 0,
    counts: { entries: 0, new: 0, updated: 0, duplicates: 0, errors: 0 },
    ...partial,
  };
}

describe('sourceHealth', () => {
  it('calls a source that was never polled new, with no next poll estimate', () => {
    expect(sourceHealth(source, state(), now)).toEqual({ status: 'new', reason: 'never polled' });
  });

  it('calls a source ok whose last success is recent, and expects the next poll one interval after the last', () => {
    const health = sourceHealth(source, state({ lastPollAt: minutesAgo(5), lastSuccessAt: minutesAgo(5) }), now);
    expect(health.status).toBe('ok');
    expect(health.reason).toBe('last successful poll 5m ago');
    expect(health.nextPollAt).toBe(new Date(now.getTime() + 10 * 60_000).toISOString());
  });

  it('calls a source failing after one failed poll, with the last error as the reason', () => {
    const health = sourceHealth(
      source,
      state({
        lastPollAt: minutesAgo(1),
        lastSuccessAt: minutesAgo(20),
        consecutiveFailures: 1,
        lastError: { at: minutesAgo(1), message: 'GET https://kultus.hessen.de/presse: HTTP 503' },
      }),
      now,
    );
    expect(health).toMatchObject({ status: 'failing', reason: 'GET https://kultus.hessen.de/presse: HTTP 503' });
    expect(isUnhealthy(health)).toBe(true);
  });

  it('expects a failing source to be polled again only after its backoff (interval × 2^(failures-1))', () => {
    const health = sourceHealth(source, state({ lastPollAt: minutesAgo(1), consecutiveFailures: 3, lastError: { at: minutesAgo(1), message: 'timeout' } }), now);
    expect(health.nextPollAt).toBe(new Date(Date.parse(minutesAgo(1)) + 4 * 15 * 60_000).toISOString());
  });

  it('calls a source stale when its last success is older than three intervals', () => {
    const fresh = sourceHealth(source, state({ lastPollAt: minutesAgo(44), lastSuccessAt: minutesAgo(44) }), now);
    const stale = sourceHealth(source, state({ lastPollAt: minutesAgo(46), lastSuccessAt: minutesAgo(46) }), now);
    expect(fresh.status).toBe('ok');
    expect(stale.status).toBe('stale');
    expect(stale.reason).toContain('no successful poll for 46m (interval 15m)');
    expect(isUnhealthy(stale)).toBe(true);
  });

  it('calls a source stale that was polled but never succeeded (and is not failing now)', () => {
    expect(sourceHealth(source, state({ lastPollAt: minutesAgo(2) }), now)).toMatchObject({ status: 'stale', reason: 'polled, but never successfully' });
  });

  it('keeps a source ok after a failed article (the poll itself succeeded)', () => {
    const health = sourceHealth(
      source,
      state({ lastPollAt: minutesAgo(3), lastSuccessAt: minutesAgo(3), lastError: { at: minutesAgo(2), message: 'https://kultus.hessen.de/presse/x: HTTP 404' } }),
      now,
    );
    expect(health.status).toBe('ok');
    expect(isUnhealthy(health)).toBe(false);
  });
});
