import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Profile } from '../../src/model/types.js';

const PROFILES_FILE = new URL('../../config/profiles.yaml', import.meta.url);

interface RawProfile {
  listing: Profile['listing'];
  article?: Partial<Profile['article']>;
}

/** The profiles from config/profiles.yaml, mapped to the Profile type (ids from the keys). */
export function loadProfiles(): Map<string, Profile> {
  const data = parse(readFileSync(PROFILES_FILE, 'utf8')) as { profiles: Record<string, RawProfile> };
  const profiles = new Map<string, Profile>();
  for (const [id, raw] of Object.entries(data.profiles)) {
    profiles.set(id, { id, listing: raw.listing, article: { ...raw.article, remove: raw.article?.remove ?? [] } });
  }
  return profiles;
}

export function loadProfile(id: string): Profile {
  const profile = loadProfiles().get(id);
  if (!profile) throw new Error(`config/profiles.yaml has no profile "${id}"`);
  return profile;
}
