import { z } from 'zod';
import type { MinistryId, Profile, Source } from '../model/index.js';
import { formatProblem, validate } from './describe-issues.js';
import { findDuplicates, type Occurrence } from './duplicates.js';
import { CONCURRENCY_RANGE, MIN_INTERVAL_MS, parseDuration, parseSpacing, SPACING_EXPECTED } from './duration.js';
import { isHttpUrl, normalizeHost } from './hosts.js';
import { listRawEntries, readString, type RawEntry } from './raw-entries.js';
import { checked, hostName, text } from './schema-parts.js';

const DEFAULT_INTERVAL = '15m';
const DEFAULT_MAX_PAGES = 3;
const DEFAULT_RECHECK = '24h';
const MAX_PAGES_LIMIT = 50;

/** A duration of at least 30s; `expected` and `minimum` word the two problems for the key. */
function describeDurationProblem(value: unknown, expected: string, minimum: string): string | undefined {
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) return `is not ${expected}`;
  if (ms < MIN_INTERVAL_MS) return `is shorter than ${minimum}`;
  return undefined;
}

const describeIntervalProblem = (value: unknown): string | undefined =>
  describeDurationProblem(value, 'a duration like 15m', 'the minimum interval of 30s');

const describeRecheckProblem = (value: unknown): string | undefined =>
  value === 'off' ? undefined : describeDurationProblem(value, 'a duration like 24h, or off', 'the minimum of 30s');

function describeMaxPagesProblem(value: unknown): string | undefined {
  const valid = typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PAGES_LIMIT;
  return valid ? undefined : `is not a whole number between 1 and ${MAX_PAGES_LIMIT}`;
}

const describeSpacingProblem = (value: unknown): string | undefined =>
  (typeof value === 'string' || typeof value === 'number') && parseSpacing(String(value)) !== undefined ? undefined : `is not ${SPACING_EXPECTED}`;

function describeConcurrencyProblem(value: unknown): string | undefined {
  const { min, max } = CONCURRENCY_RANGE;
  const valid = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  return valid ? undefined : `is not a whole number between ${min} and ${max}`;
}

/** A URL template for a backfill's pages: `{page}` stands for the page number. */
function describeArchiveProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !isHttpUrl(value.replaceAll('{page}', '0'))) return 'is not an absolute http(s) URL';
  if (!value.includes('{page}')) return 'has no {page} where the page number goes, e.g. https://soziales.hessen.de/presse-archiv?page={page}';
  return undefined;
}

const describeBackfillProblem = (value: unknown): string | undefined => (typeof value === 'boolean' ? undefined : 'is not true or false');

const sourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'may only contain a-z, 0-9 and "-"'),
  name: text,
  ministry: z.string().optional(),
  url: z.string().refine(isHttpUrl, 'is not an absolute http(s) URL'),
  type: z.enum(['feed', 'listing']),
  profile: z.string().optional(),
  interval: checked<string>(describeIntervalProblem).optional(),
  hosts: z.array(hostName).min(1, 'must list at least one host (or leave hosts out to use the url\'s host)').optional(),
  max_pages: checked<number>(describeMaxPagesProblem).optional(),
  recheck: checked<string>(describeRecheckProblem).optional(),
  spacing: checked<string | number>(describeSpacingProblem).optional(),
  concurrency: checked<number>(describeConcurrencyProblem).optional(),
  archive: checked<string>(describeArchiveProblem).optional(),
  backfill: checked<boolean>(describeBackfillProblem).optional(),
});

const sourcesFileSchema = z.strictObject({
  sources: z.array(sourceSchema),
});

/** What sources may refer to; undefined when that file failed (its own problems are reported). */
export interface SourceReferences {
  ministriesFile: string;
  ministryIds?: readonly MinistryId[];
  profilesFile: string;
  profiles?: ReadonlyMap<string, Profile>;
}

export type ParsedSources = { ok: true; sources: Source[] } | { ok: false; problems: string[] };

/** Validates the sources file's data (already read from YAML) and its references to the other files. */
export function parseSources(file: string, data: unknown, references: SourceReferences): ParsedSources {
  const result = validate(file, sourcesFileSchema, data);
  const problems = [...(result.ok ? [] : result.problems), ...checkSourceList(file, data, references)];
  if (!result.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, sources: result.data.sources.map(toSource) };
}

function toSource(raw: z.infer<typeof sourceSchema>): Source {
  const url = new URL(raw.url);
  const hosts = raw.hosts ?? [url.hostname];
  const source: Source = {
    id: raw.id,
    name: raw.name,
    url: url.href,
    type: raw.type,
    intervalMs: parseDuration(raw.interval ?? DEFAULT_INTERVAL) ?? 0,
    hosts: [...new Set(hosts.map((host) => normalizeHost(host) ?? host))],
    maxPages: raw.max_pages ?? DEFAULT_MAX_PAGES,
  };
  // Checked against the ministries file in checkSourceList.
  if (raw.ministry !== undefined) source.ministry = raw.ministry as MinistryId;
  if (raw.profile !== undefined) source.profile = raw.profile;
  const recheck = raw.recheck ?? DEFAULT_RECHECK;
  if (recheck !== 'off') source.recheckMs = parseDuration(recheck);
  if (raw.spacing !== undefined) source.spacingMs = parseSpacing(String(raw.spacing));
  if (raw.concurrency !== undefined) source.concurrency = raw.concurrency;
  if (raw.archive !== undefined) source.archive = raw.archive;
  if (raw.backfill !== undefined) source.backfill = raw.backfill;
  return source;
}

/**
 * Checks that span entries or files: unique ids and urls, known ministries and profiles, hosts
 * covering the url and the archive, backfill keys only on listings.
 */
function checkSourceList(file: string, data: unknown, references: SourceReferences): string[] {
  const entries = listRawEntries(data, 'sources');
  return [
    ...findDuplicates(file, collectIds(entries)),
    ...findDuplicates(file, collectUrls(entries)),
    ...entries.flatMap((entry) => checkReferences(file, entry, references)),
    ...entries.flatMap((entry) => checkUrlHostAllowed(file, entry)),
    ...entries.flatMap((entry) => checkBackfillKeys(file, entry)),
  ];
}

function collectIds(entries: readonly RawEntry[]): Occurrence[] {
  return entries.flatMap(({ index, entry }) => {
    const id = readString(entry, 'id');
    return id === undefined ? [] : [{ path: ['sources', index, 'id'], key: id, shown: id }];
  });
}

/** The same page polled by two sources is a copy-paste slip; compare URLs the way they are fetched. */
function collectUrls(entries: readonly RawEntry[]): Occurrence[] {
  return entries.flatMap(({ index, entry }) => {
    const url = readString(entry, 'url');
    if (url === undefined || !isHttpUrl(url)) return [];
    return [{ path: ['sources', index, 'url'], key: new URL(url).href, shown: url }];
  });
}

function checkReferences(file: string, { index, entry }: RawEntry, references: SourceReferences): string[] {
  const problems: string[] = [];
  const ministry = readString(entry, 'ministry');
  const { ministryIds, profiles } = references;
  if (ministry !== undefined && ministryIds !== undefined && !ministryIds.some((id) => id === ministry)) {
    problems.push(
      formatProblem(
        file,
        ['sources', index, 'ministry'],
        `${JSON.stringify(ministry)} is not a ministry id in ${references.ministriesFile}; use one of ${ministryIds.join(', ')}`,
      ),
    );
  }
  const profile = readString(entry, 'profile');
  if (profile !== undefined && profiles !== undefined && !profiles.has(profile)) {
    const defined = [...profiles.keys()];
    const choice = defined.length > 0 ? `defined profiles: ${defined.join(', ')}` : 'it defines no profiles';
    problems.push(
      formatProblem(
        file,
        ['sources', index, 'profile'],
        `${JSON.stringify(profile)} is not a profile in ${references.profilesFile}; ${choice}`,
      ),
    );
  }
  return problems;
}

/** The listing or feed itself must be fetchable: fetches outside a source's hosts are refused. */
function checkUrlHostAllowed(file: string, { index, entry }: RawEntry): string[] {
  const url = readString(entry, 'url');
  const hosts = entry['hosts'];
  if (url === undefined || !isHttpUrl(url) || !Array.isArray(hosts) || hosts.length === 0) return [];
  const allowed = hosts.map((host: unknown) => (typeof host === 'string' ? normalizeHost(host) : undefined));
  const urlHost = new URL(url).hostname;
  if (allowed.includes(urlHost)) return [];
  return [formatProblem(file, ['sources', index, 'hosts'], `does not include the url's host ${JSON.stringify(urlHost)}`)];
}

/** A backfill walks a listing's pages: a feed has none, and an archive is fetched under the source's hosts. */
function checkBackfillKeys(file: string, { index, entry }: RawEntry): string[] {
  const problems: string[] = [];
  if (readString(entry, 'type') === 'feed') {
    for (const key of ['archive', 'backfill'] as const) {
      if (entry[key] !== undefined) problems.push(formatProblem(file, ['sources', index, key], 'is for listing sources only: a feed has no pages to walk'));
    }
  }
  const archive = readString(entry, 'archive');
  const url = readString(entry, 'url');
  if (archive === undefined || describeArchiveProblem(archive) !== undefined) return problems;
  const hosts = Array.isArray(entry['hosts'])
    ? entry['hosts'].flatMap((host: unknown) => (typeof host === 'string' ? (normalizeHost(host) ?? []) : []))
    : url !== undefined && isHttpUrl(url)
      ? [new URL(url).hostname]
      : [];
  const archiveHost = new URL(archive.replaceAll('{page}', '0')).hostname;
  if (hosts.length > 0 && !hosts.includes(archiveHost)) {
    problems.push(formatProblem(file, ['sources', index, 'archive'], `is on ${JSON.stringify(archiveHost)}, which is not one of the source's hosts (${hosts.join(', ')})`));
  }
  return problems;
}
