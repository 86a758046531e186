import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ConfigError, loadConfig, type Config, type ConfigFiles } from '../src/config/index.js';
import { MINISTRY_IDS } from '../src/model/index.js';

/** A valid ministries file: all twelve ids, each with its own host `<id>.example`. */
export const VALID_MINISTRIES = [
  'ministries:',
  ...MINISTRY_IDS.flatMap((id) => [
    `  - id: ${id}`,
    `    name: Ministerium ${id}`,
    `    short_name: M-${id}`,
    `    hosts: [${id}.example]`,
  ]),
  '',
].join('\n');

export const VALID_PROFILES = `
profiles:
  hessen-drupal:
    listing:
      item: article.node--view-mode-teaser
      link: a.teaser--area-link
    article:
      body: .field--body
  plain:
    listing:
      item: li
`;

export const VALID_SOURCES = `
sources:
  - id: soziales-presse
    name: Pressemitteilungen HMAIJS
    ministry: soziales
    url: https://soziales.example/presse
    type: listing
    profile: hessen-drupal
`;

export interface TempConfig {
  /** Paths relative to the working directory, as an operator would pass them. */
  files: ConfigFiles;
  remove(): Promise<void>;
}

/**
 * Writes config files into a fresh temporary directory. Files left undefined get the valid
 * defaults above; `null` leaves the file out. Paths are relative, so messages can be compared
 * with the path exactly as given.
 */
export async function writeTempConfig(content: {
  sources?: string | null;
  ministries?: string | null;
  profiles?: string | null;
}): Promise<TempConfig> {
  const dir = await mkdtemp(join(tmpdir(), 'hf-config-'));
  const files: ConfigFiles = {
    sourcesFile: relative(process.cwd(), join(dir, 'sources.yaml')),
    ministriesFile: relative(process.cwd(), join(dir, 'ministries.yaml')),
    profilesFile: relative(process.cwd(), join(dir, 'profiles.yaml')),
  };
  const write = async (file: string, text: string | null | undefined, fallback: string) => {
    if (text !== null) await writeFile(file, text ?? fallback, 'utf8');
  };
  await write(files.sourcesFile, content.sources, VALID_SOURCES);
  await write(files.ministriesFile, content.ministries, VALID_MINISTRIES);
  await write(files.profilesFile, content.profiles, VALID_PROFILES);
  return { files, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Loads the given config and returns the ConfigError's problems; fails if it loads. */
export async function collectProblems(files: ConfigFiles): Promise<string[]> {
  let config: Config;
  try {
    config = await loadConfig(files);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`expected a ConfigError, but the config loaded (${config.sources.length} sources)`);
}
