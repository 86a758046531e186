import { z } from 'zod';
import { MINISTRY_IDS, type Ministry, type MinistryId } from '../model/index.js';
import { validate } from './describe-issues.js';
import { findDuplicates, type Occurrence } from './duplicates.js';
import { normalizeHost } from './hosts.js';
import { listRawEntries, readString } from './raw-entries.js';
import { hostName, text } from './schema-parts.js';

const abbreviationSchema = z.strictObject({
  abbr: z.string().regex(/^[\p{L}\p{N}.-]{2,16}$/u, 'is not an abbreviation (2 to 16 letters, digits, "." or "-", no spaces)'),
  /** Used for a former name. @defaultValue false */
  former: z.boolean().optional(),
  /** Seen on the ministry's pages. @defaultValue true */
  confirmed: z.boolean().optional(),
});

const ministrySchema = z.strictObject({
  id: z.enum(MINISTRY_IDS),
  name: text,
  short_name: text,
  hosts: z.array(hostName).min(1, 'must list at least one host'),
  aliases: z.array(text).optional(),
  abbreviations: z.array(abbreviationSchema).optional(),
});

const ministriesFileSchema = z.strictObject({
  ministries: z.array(ministrySchema).min(1, 'must list the ministries'),
});

export type ParsedMinistries = { ok: true; ministries: Ministry[] } | { ok: false; problems: string[] };

/** Validates the ministries file's data (already read from YAML). */
export function parseMinistries(file: string, data: unknown): ParsedMinistries {
  const result = validate(file, ministriesFileSchema, data);
  const problems = [...(result.ok ? [] : result.problems), ...checkMinistryList(file, data)];
  if (!result.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, ministries: result.data.ministries.map(toMinistry) };
}

function toMinistry(raw: z.infer<typeof ministrySchema>): Ministry {
  return {
    id: raw.id,
    name: raw.name,
    shortName: raw.short_name,
    hosts: [...new Set(raw.hosts.map((host) => normalizeHost(host) ?? host))],
    aliases: raw.aliases ?? [],
    abbreviations: (raw.abbreviations ?? []).map((a) => ({ text: a.abbr, former: a.former ?? false, confirmed: a.confirmed ?? true })),
  };
}

/**
 * What the schema cannot see one entry at a time: the store relies on exactly the ids in
 * MINISTRY_IDS, each once, and a dateline must lead to one ministry only, so no name, short
 * name, alias or abbreviation may belong to two of them. Hosts may be shared: the Europe minister publishes on the
 * Staatskanzlei's site.
 */
function checkMinistryList(file: string, data: unknown): string[] {
  const entries = listRawEntries(data, 'ministries');
  if (entries.length === 0) return [];
  const ids: Occurrence[] = [];
  const names: Occurrence[] = [];
  for (const { index, entry } of entries) {
    const id = readString(entry, 'id');
    if (id !== undefined) ids.push({ path: ['ministries', index, 'id'], key: id, shown: id });
    const name = readString(entry, 'name');
    if (name !== undefined) names.push(nameOccurrence(['ministries', index, 'name'], name));
    const shortName = readString(entry, 'short_name');
    if (shortName !== undefined) names.push(nameOccurrence(['ministries', index, 'short_name'], shortName));
    const aliases = entry['aliases'];
    if (Array.isArray(aliases)) {
      aliases.forEach((alias: unknown, aliasIndex) => {
        if (typeof alias === 'string') names.push(nameOccurrence(['ministries', index, 'aliases', aliasIndex], alias));
      });
    }
    const abbreviations = entry['abbreviations'];
    if (Array.isArray(abbreviations)) {
      abbreviations.forEach((abbreviation: unknown, i) => {
        const abbr = typeof abbreviation === 'object' && abbreviation !== null ? (abbreviation as Record<string, unknown>)['abbr'] : undefined;
        if (typeof abbr === 'string') names.push(nameOccurrence(['ministries', index, 'abbreviations', i, 'abbr'], abbr));
      });
    }
  }
  return [...findDuplicates(file, ids), ...findDuplicates(file, names), ...checkMissingIds(file, ids)];
}

function nameOccurrence(path: Occurrence['path'], name: string): Occurrence {
  return { path, key: name.trim().toLowerCase().replace(/\s+/g, ' '), shown: name, reference: path };
}

function checkMissingIds(file: string, ids: readonly Occurrence[]): string[] {
  const listed = new Set(ids.map((id) => id.key));
  const missing = MINISTRY_IDS.filter((id: MinistryId) => !listed.has(id));
  if (missing.length === 0) return [];
  return [
    `${file}: ministries: missing ${missing.join(', ')}; the store relies on every one of ` +
      `${MINISTRY_IDS.join(', ')}`,
  ];
}
