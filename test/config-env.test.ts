import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv, type Env } from '../src/config/index.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnv', () => {
  it('uses the documented defaults for an empty environment', () => {
    const expected: Env = {
      redisUrl: 'redis://127.0.0.1:6379',
      redisUrlExplicit: false,
      keyPrefix: 'hf',
      sourcesFile: 'config/sources.yaml',
      ministriesFile: 'config/ministries.yaml',
      profilesFile: 'config/profiles.yaml',
      allowPrivateNetworks: false,
      logLevel: 'info',
      concurrency: 4,
      host: '127.0.0.1',
      port: 8080,
      adminReadonly: false,
      hostSpacingMs: 1000,
      hostConcurrency: 2,
      redisWaitMs: 60_000,
      jobLockMs: 15_000,
    };
    expect(loadEnv({})).toEqual(expected);
  });

  it('treats empty variables as unset, as compose files pass them', () => {
    expect(loadEnv({ REDIS_URL: '', PORT: '', ADMIN_PASSWORD: '', ALLOW_PRIVATE_NETWORKS: '' })).toEqual(loadEnv({}));
  });

  it('reads every variable', () => {
    expect(
      loadEnv({
        REDIS_URL: 'rediss://user:secret@redis.internal:6380/2',
        KEY_PREFIX: 'hf-staging.v2',
        SOURCES_FILE: '/etc/hessenfeed/sources.yaml',
        MINISTRIES_FILE: '/etc/hessenfeed/ministries.yaml',
        PROFILES_FILE: '/etc/hessenfeed/profiles.yaml',
        LOG_LEVEL: 'DEBUG',
        CONCURRENCY: '16',
        HOST: '0.0.0.0',
        PORT: '0',
        ADMIN_PASSWORD: ' pass word ',
        ADMIN_READONLY: 'true',
        CONTACT_URL: 'mailto:ops@example.org',
        PUBLIC_URL: 'https://feeds.example.org/hessen/',
        HOST_SPACING: '2s500ms',
        HOST_CONCURRENCY: '1',
        REDIS_WAIT: '2m',
        JOB_LOCK: '1m',
      }),
    ).toEqual({
      redisUrl: 'rediss://user:secret@redis.internal:6380/2',
      redisUrlExplicit: true,
      keyPrefix: 'hf-staging.v2',
      sourcesFile: '/etc/hessenfeed/sources.yaml',
      ministriesFile: '/etc/hessenfeed/ministries.yaml',
      profilesFile: '/etc/hessenfeed/profiles.yaml',
      allowPrivateNetworks: false,
      logLevel: 'debug',
      concurrency: 16,
      host: '0.0.0.0',
      port: 0,
      adminPassword: ' pass word ',
      adminReadonly: true,
      contactUrl: 'mailto:ops@example.org',
      publicUrl: 'https://feeds.example.org/hessen',
      hostSpacingMs: 2500,
      hostConcurrency: 1,
      redisWaitMs: 120_000,
      jobLockMs: 60_000,
    });
  });

  it.each([
    ['0', 0],
    ['0s', 0],
    ['250ms', 250],
    ['1s', 1000],
    ['1m', 60_000],
  ])('reads HOST_SPACING=%j as %d ms', (value, ms) => {
    expect(loadEnv({ HOST_SPACING: value }).hostSpacingMs).toBe(ms);
  });

  it.each<[string, boolean | string[]]>([
    ['0', false],
    ['false', false],
    ['FALSE', false],
    ['1', true],
    ['true', true],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['10.0.0.0/8, 192.168.0.0/16,fd00::/8', ['10.0.0.0/8', '192.168.0.0/16', 'fd00::/8']],
    ['127.0.0.1', ['127.0.0.1/32']],
    ['::1', ['::1/128']],
    ['0.0.0.0/0', ['0.0.0.0/0']],
  ])('reads ALLOW_PRIVATE_NETWORKS=%j as %j', (value, expected) => {
    expect(loadEnv({ ALLOW_PRIVATE_NETWORKS: value }).allowPrivateNetworks).toEqual(expected);
  });

  it.each([
    ['10.0.0.0/33'],
    ['300.0.0.0/8'],
    ['10.0.0.0/8/8'],
    ['fd00::/129'],
    ['localhost'],
    ['10.0.0.0/x'],
    ['maybe'],
  ])('rejects the network %j in ALLOW_PRIVATE_NETWORKS and explains what is allowed', (entry) => {
    expect(problemsOf({ ALLOW_PRIVATE_NETWORKS: `192.168.0.0/16,${entry}` })).toEqual([
      `ALLOW_PRIVATE_NETWORKS: ${JSON.stringify(entry)} is not a network like 10.0.0.0/8 or fd00::/8; ` +
        'use 1/true (any private address), 0/false (none) or a comma-separated list of CIDR networks',
    ]);
  });

  it.each([
    ['CONCURRENCY', 'abc', 'CONCURRENCY: "abc" is not a whole number between 1 and 64'],
    ['CONCURRENCY', '0', 'CONCURRENCY: "0" is not a whole number between 1 and 64'],
    ['CONCURRENCY', '65', 'CONCURRENCY: "65" is not a whole number between 1 and 64'],
    ['CONCURRENCY', '2.5', 'CONCURRENCY: "2.5" is not a whole number between 1 and 64'],
    ['PORT', '70000', 'PORT: "70000" is not a whole number between 0 and 65535'],
    ['PORT', '-1', 'PORT: "-1" is not a whole number between 0 and 65535'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL: "verbose" must be one of fatal, error, warn, info, debug, trace, silent'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL: "localhost:6379" is not a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379)'],
    ['REDIS_URL', 'http://127.0.0.1:6379', 'REDIS_URL: "http://127.0.0.1:6379" is not a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379)'],
    ['CONTACT_URL', 'ops at example', 'CONTACT_URL: "ops at example" is not an http(s) or mailto: URL (it is sent in the User-Agent)'],
    ['PUBLIC_URL', 'feeds.example.org', 'PUBLIC_URL: "feeds.example.org" is not an http(s) URL without query, fragment or user (e.g. https://feeds.example.org)'],
    ['PUBLIC_URL', 'https://x.org/?a=1', 'PUBLIC_URL: "https://x.org/?a=1" is not an http(s) URL without query, fragment or user (e.g. https://feeds.example.org)'],
    ['ADMIN_READONLY', 'maybe', 'ADMIN_READONLY: "maybe" is not a yes/no value; use 1/true or 0/false'],
    ['HOST_SPACING', '1', 'HOST_SPACING: "1" is not a duration up to 60s like 1s, 500ms or 0 (no spacing)'],
    ['HOST_SPACING', '2m', 'HOST_SPACING: "2m" is not a duration up to 60s like 1s, 500ms or 0 (no spacing)'],
    ['HOST_SPACING', '-1s', 'HOST_SPACING: "-1s" is not a duration up to 60s like 1s, 500ms or 0 (no spacing)'],
    ['HOST_CONCURRENCY', '0', 'HOST_CONCURRENCY: "0" is not a whole number between 1 and 16'],
    ['HOST_CONCURRENCY', '17', 'HOST_CONCURRENCY: "17" is not a whole number between 1 and 16'],
    ['REDIS_WAIT', 'forever', 'REDIS_WAIT: "forever" is not a duration like 60s or 5m, or 0 (give up at once)'],
    ['JOB_LOCK', '1s', 'JOB_LOCK: "1s" is not a duration from 2s to 10m like 15s or 1m'],
    ['JOB_LOCK', '15', 'JOB_LOCK: "15" is not a duration from 2s to 10m like 15s or 1m'],
    ['JOB_LOCK', '11m', 'JOB_LOCK: "11m" is not a duration from 2s to 10m like 15s or 1m'],
  ])('rejects %s=%j', (name, value, message) => {
    expect(problemsOf({ [name]: value })).toEqual([message]);
  });

  it.each(['hf:prod', '{hf}', 'hf prod', 'ä', 'x'.repeat(65)])('rejects KEY_PREFIX=%j and explains why', (value) => {
    expect(problemsOf({ KEY_PREFIX: value })).toEqual([
      `KEY_PREFIX: ${JSON.stringify(value)} may only contain letters, digits, "_", "." and "-" (at most 64): ` +
        'the ":" separators are added by the program, and braces would change Redis Cluster hash slots',
    ]);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ CONCURRENCY: 'abc', PORT: 'http', KEY_PREFIX: 'a:b', LOG_LEVEL: 'loud' });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['KEY_PREFIX', 'LOG_LEVEL', 'CONCURRENCY', 'PORT']);
  });
});
