/**
 * The deployment files. Their structure is checked everywhere; `docker compose config` and
 * `docker build` run only where a Docker engine answers (not on the CI machine, which has none).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GRACE_MS } from '../src/cli/shutdown.js';

const ROOT = new URL('..', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', ROOT), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: string; stop_grace_period?: string; command?: string[]; volumes?: string[]; healthcheck?: { test?: string[]; disable?: boolean }; environment?: Record<string, string>; deploy?: unknown; ports?: string[] }>;
  volumes?: Record<string, unknown>;
};
const dockerfile = readFileSync(new URL('Dockerfile', ROOT), 'utf8');

/** `40s`, `1m30s` → seconds. */
function parseSeconds(value: string | undefined): number {
  const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(value ?? '');
  return match && value ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : 0;
}

const hasDockerEngine = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;

describe('docker-compose.yml', () => {
  it('runs Redis 7 with appendonly, noeviction, a volume and a healthcheck', () => {
    const redis = compose.services['redis']!;
    expect(redis.image).toMatch(/^redis:7/);
    expect(redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
    expect(redis.volumes?.some((v) => v.endsWith(':/data'))).toBe(true);
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('runs web and scalable workers from the one image, config mounted from ./config', () => {
    for (const name of ['web', 'worker', 'scheduler']) {
      const service = compose.services[name]!;
      expect(service.build, name).toBe('.');
      expect(service.volumes, name).toContain('./config:/app/config:ro');
      expect(service.environment?.['REDIS_URL'], name).toBe('redis://redis:6379');
    }
    expect(compose.services['web']!.command).toEqual(['web']);
    // Longer than the 30 s a shutdown gives running jobs, or Docker kills them halfway.
    for (const name of ['web', 'worker', 'scheduler']) expect(parseSeconds(compose.services[name]!.stop_grace_period), name).toBeGreaterThan(GRACE_MS / 1000);
    expect(compose.services['worker']!.command).toEqual(['worker']);
    // `--scale worker=4` needs a service without a fixed container name or host port.
    expect(compose.services['worker']!.ports).toBeUndefined();
  });

  it.skipIf(!hasDockerEngine)('is accepted by `docker compose config` (needs a Docker engine)', () => {
    execFileSync('docker', ['compose', 'config', '--quiet'], { cwd: ROOT });
  });
});

describe('Dockerfile', () => {
  it('builds in a build stage and runs on Node 22 slim as a non-root user with production dependencies only', () => {
    expect(dockerfile).toMatch(/^FROM node:22-slim AS build$/m);
    expect(dockerfile).toMatch(/^FROM node:22-slim AS runtime$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
  });

  it.skipIf(!hasDockerEngine)('builds (needs a Docker engine)', () => {
    execFileSync('docker', ['build', '-t', 'hessenfeed:test', '.'], { cwd: ROOT, stdio: 'inherit', timeout: 600_000 });
  }, 600_000);
});

if (!hasDockerEngine) {
  console.warn('deploy.test.ts: no Docker engine answers here; `docker compose config` and `docker build` were not run.');
}
