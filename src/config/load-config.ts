import type { Ministry, Profile, Source } from '../model/index.js';
import { ConfigError } from './config-error.js';
import { parseMinistries } from './ministries.js';
import { parseProfiles } from './profiles.js';
import { parseSources } from './sources.js';
import { readYamlFile, type YamlFileResult } from './yaml-file.js';

export interface ConfigFiles {
  sourcesFile: string;
  ministriesFile: string;
  profilesFile: string;
}

export interface Config {
  sources: Source[];
  ministries: Ministry[];
  /** By profile id. */
  profiles: Map<string, Profile>;
}

/**
 * Reads and validates the three config files. Every problem in every file is collected and
 * thrown together in one ConfigError; paths in messages are shown as given here.
 */
export async function loadConfig(files: ConfigFiles): Promise<Config> {
  const [ministriesYaml, profilesYaml, sourcesYaml] = await Promise.all([
    readYamlFile(files.ministriesFile, 'MINISTRIES_FILE'),
    readYamlFile(files.profilesFile, 'PROFILES_FILE'),
    readYamlFile(files.sourcesFile, 'SOURCES_FILE'),
  ]);
  const ministries = parseFile(ministriesYaml, (data) => parseMinistries(files.ministriesFile, data));
  const profiles = parseFile(profilesYaml, (data) => parseProfiles(files.profilesFile, data));
  // Sources refer to the other two files; a reference is only checked when its file is valid.
  const sources = parseFile(sourcesYaml, (data) =>
    parseSources(files.sourcesFile, data, {
      ministriesFile: files.ministriesFile,
      profilesFile: files.profilesFile,
      ...(ministries.ok ? { ministryIds: ministries.ministries.map((ministry) => ministry.id) } : {}),
      ...(profiles.ok ? { profiles: profiles.profiles } : {}),
    }),
  );
  if (!ministries.ok || !profiles.ok || !sources.ok) {
    throw new ConfigError([ministries, profiles, sources].flatMap((result) => (result.ok ? [] : result.problems)));
  }
  return { sources: sources.sources, ministries: ministries.ministries, profiles: profiles.profiles };
}

type Parsed = { ok: true } | { ok: false; problems: string[] };

function parseFile<T extends Parsed>(yaml: YamlFileResult, parse: (data: unknown) => T): T | { ok: false; problems: string[] } {
  return yaml.ok ? parse(yaml.data) : yaml;
}
