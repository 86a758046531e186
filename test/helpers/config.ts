import { loadConfig, type Config } from '../../src/config/index.js';

let shipped: Promise<Config> | undefined;

/** The shipped config files (ministries, profiles, sources), loaded and validated once per file. */
export function loadShippedConfig(): Promise<Config> {
  shipped ??= loadConfig({
    sourcesFile: 'config/sources.yaml',
    ministriesFile: 'config/ministries.yaml',
    profilesFile: 'config/profiles.yaml',
  });
  return shipped;
}
