import { ConfigError } from './config-error.js';
import { normalizeCidr } from './cidr.js';
import { CONCURRENCY_RANGE, parseDuration, parseSpacing, SPACING_EXPECTED } from './duration.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Settings that come from the environment; read once at the entry point and passed down. */
export interface Env {
  /** REDIS_URL. @defaultValue `redis://127.0.0.1:6379` */
  redisUrl: string;
  /** Whether REDIS_URL was set (a default Redis that is not running deserves a different hint). */
  redisUrlExplicit: boolean;
  /** KEY_PREFIX: namespace of every Redis key, so deployments can share one Redis. @defaultValue `hf` */
  keyPrefix: string;
  /** SOURCES_FILE. @defaultValue `config/sources.yaml` */
  sourcesFile: string;
  /** MINISTRIES_FILE. @defaultValue `config/ministries.yaml` */
  ministriesFile: string;
  /** PROFILES_FILE. @defaultValue `config/profiles.yaml` */
  profilesFile: string;
  /** ALLOW_PRIVATE_NETWORKS: false, true (any private address), or the CIDR networks that are allowed. */
  allowPrivateNetworks: boolean | string[];
  /** LOG_LEVEL. @defaultValue `info` */
  logLevel: LogLevel;
  /** CONCURRENCY: jobs per worker and queue, 1..64. @defaultValue 4 */
  concurrency: number;
  /** HOST the HTTP server listens on. @defaultValue `127.0.0.1` */
  host: string;
  /** PORT the HTTP server listens on (0 picks a free port). @defaultValue 8080 */
  port: number;
  /** ADMIN_PASSWORD protecting /admin; unset means the admin pages are off. */
  adminPassword?: string;
  /** ADMIN_READONLY: the admin pages show but cannot change anything. @defaultValue false */
  adminReadonly: boolean;
  /**
   * PUBLIC_URL: the address subscribers use (e.g. https://feeds.example.org), for the links inside
   * feeds. Unset: taken from each request's Host header.
   */
  publicUrl?: string;
  /** CONTACT_URL named in the User-Agent so site operators can reach whoever runs this instance. */
  contactUrl?: string;
  /** HOST_SPACING: least time between two request starts on one host, all workers together. @defaultValue 1000 */
  hostSpacingMs: number;
  /** HOST_CONCURRENCY: requests in flight to one host at once, all workers together, 1..16. @defaultValue 2 */
  hostConcurrency: number;
  /** REDIS_WAIT: how long a service (start, web, worker, scheduler) keeps trying a REDIS_URL that does not answer yet. @defaultValue 60 000 */
  redisWaitMs: number;
  /**
   * JOB_LOCK: how long a running job's lock lasts without renewal, so how soon the job of a worker
   * that died (SIGKILL, lost machine) is taken over by another, 2s..10m. @defaultValue 15 000
   */
  jobLockMs: number;
}

type Problems = string[];

/** A dead worker's job comes back within about 20 s (lock 15 s, stalled check every 5 s). */
const DEFAULT_JOB_LOCK_MS = 15_000;

/**
 * Reads and validates the environment. Empty variables count as unset (compose files often pass
 * `VAR=`). Every invalid variable is reported, together, in one ConfigError.
 */
export function loadEnv(env: NodeJS.ProcessEnv): Env {
  const problems: Problems = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const redisUrl = read('REDIS_URL');
  const adminPassword = env['ADMIN_PASSWORD'];
  const result: Env = {
    redisUrl: readRedisUrl(redisUrl, problems),
    redisUrlExplicit: redisUrl !== undefined,
    keyPrefix: readKeyPrefix(read('KEY_PREFIX'), problems),
    sourcesFile: read('SOURCES_FILE') ?? 'config/sources.yaml',
    ministriesFile: read('MINISTRIES_FILE') ?? 'config/ministries.yaml',
    profilesFile: read('PROFILES_FILE') ?? 'config/profiles.yaml',
    allowPrivateNetworks: readAllowPrivateNetworks(read('ALLOW_PRIVATE_NETWORKS'), problems),
    logLevel: readLogLevel(read('LOG_LEVEL'), problems),
    concurrency: readWholeNumber('CONCURRENCY', read('CONCURRENCY'), { min: 1, max: 64, fallback: 4 }, problems),
    host: read('HOST') ?? '127.0.0.1',
    port: readWholeNumber('PORT', read('PORT'), { min: 0, max: 65535, fallback: 8080 }, problems),
    adminReadonly: readBoolean('ADMIN_READONLY', read('ADMIN_READONLY'), problems) ?? false,
    contactUrl: readContactUrl(read('CONTACT_URL'), problems),
    hostSpacingMs: readSpacing(read('HOST_SPACING'), problems),
    hostConcurrency: readWholeNumber('HOST_CONCURRENCY', read('HOST_CONCURRENCY'), { ...CONCURRENCY_RANGE, fallback: 2 }, problems),
    redisWaitMs: readRedisWait(read('REDIS_WAIT'), problems),
    jobLockMs: readJobLock(read('JOB_LOCK'), problems),
  };
  const publicUrl = readPublicUrl(read('PUBLIC_URL'), problems);
  if (publicUrl !== undefined) result.publicUrl = publicUrl;
  // A password is taken as typed: leading or trailing spaces may be part of it.
  if (adminPassword !== undefined && adminPassword !== '') result.adminPassword = adminPassword;
  if (problems.length > 0) throw new ConfigError(problems);
  return result;
}

function readRedisUrl(value: string | undefined, problems: Problems): string {
  if (value === undefined) return 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//i.test(value) || !URL.canParse(value)) {
    problems.push(`REDIS_URL: ${quote(value)} is not a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379)`);
  }
  return value;
}

function readKeyPrefix(value: string | undefined, problems: Problems): string {
  if (value === undefined) return 'hf';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
    problems.push(
      `KEY_PREFIX: ${quote(value)} may only contain letters, digits, "_", "." and "-" (at most 64): ` +
        'the ":" separators are added by the program, and braces would change Redis Cluster hash slots',
    );
  }
  return value;
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

function readBoolean(name: string, value: string | undefined, problems: Problems): boolean | undefined {
  if (value === undefined) return undefined;
  if (TRUE_WORDS.includes(value.toLowerCase())) return true;
  if (FALSE_WORDS.includes(value.toLowerCase())) return false;
  problems.push(`${name}: ${quote(value)} is not a yes/no value; use 1/true or 0/false`);
  return undefined;
}

function readAllowPrivateNetworks(value: string | undefined, problems: Problems): boolean | string[] {
  if (value === undefined) return false;
  if (TRUE_WORDS.includes(value.toLowerCase())) return true;
  if (FALSE_WORDS.includes(value.toLowerCase())) return false;
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const networks: string[] = [];
  for (const entry of entries) {
    const network = normalizeCidr(entry);
    if (network === undefined) {
      problems.push(
        `ALLOW_PRIVATE_NETWORKS: ${quote(entry)} is not a network like 10.0.0.0/8 or fd00::/8; ` +
          'use 1/true (any private address), 0/false (none) or a comma-separated list of CIDR networks',
      );
    } else {
      networks.push(network);
    }
  }
  return networks;
}

function readLogLevel(value: string | undefined, problems: Problems): LogLevel {
  if (value === undefined) return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === value.toLowerCase());
  if (level === undefined) {
    problems.push(`LOG_LEVEL: ${quote(value)} must be one of ${LOG_LEVELS.join(', ')}`);
    return 'info';
  }
  return level;
}

function readWholeNumber(
  name: string,
  value: string | undefined,
  range: { min: number; max: number; fallback: number },
  problems: Problems,
): number {
  if (value === undefined) return range.fallback;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= range.min && number <= range.max)) {
    problems.push(`${name}: ${quote(value)} is not a whole number between ${range.min} and ${range.max}`);
    return range.fallback;
  }
  return number;
}

function readSpacing(value: string | undefined, problems: Problems): number {
  if (value === undefined) return 1000;
  const ms = parseSpacing(value);
  if (ms === undefined) {
    problems.push(`HOST_SPACING: ${quote(value)} is not ${SPACING_EXPECTED}`);
    return 1000;
  }
  return ms;
}

function readRedisWait(value: string | undefined, problems: Problems): number {
  if (value === undefined) return 60_000;
  const ms = value === '0' ? 0 : parseDuration(value);
  if (ms === undefined) {
    problems.push(`REDIS_WAIT: ${quote(value)} is not a duration like 60s or 5m, or 0 (give up at once)`);
    return 60_000;
  }
  return ms;
}

function readJobLock(value: string | undefined, problems: Problems): number {
  if (value === undefined) return DEFAULT_JOB_LOCK_MS;
  const ms = parseDuration(value);
  if (ms === undefined || ms < 2000 || ms > 600_000) {
    problems.push(`JOB_LOCK: ${quote(value)} is not a duration from 2s to 10m like 15s or 1m`);
    return DEFAULT_JOB_LOCK_MS;
  }
  return ms;
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function readPublicUrl(value: string | undefined, problems: Problems): string | undefined {
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url && /^https?:$/.test(url.protocol) && !url.search && !url.hash && !url.username) {
    return url.href.replace(/\/+$/, '');
  }
  problems.push(`PUBLIC_URL: "${value}" is not an http(s) URL without query, fragment or user (e.g. https://feeds.example.org)`);
  return undefined;
}

function readContactUrl(value: string | undefined, problems: Problems): string | undefined {
  if (value === undefined) return undefined;
  if (/^(https?:\/\/|mailto:)\S+$/.test(value)) return value;
  problems.push(`CONTACT_URL: "${value}" is not an http(s) or mailto: URL (it is sent in the User-Agent)`);
  return undefined;
}
