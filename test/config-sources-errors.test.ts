import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/index.js';
import { MINISTRY_IDS } from '../src/model/index.js';
import { collectProblems, writeTempConfig, type TempConfig } from './config-temp-files.js';

const created: TempConfig[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((config) => config.remove()));
});

async function problemsFor(content: Parameters<typeof writeTempConfig>[0]): Promise<{ problems: string[]; file: string; config: TempConfig }> {
  const config = await writeTempConfig(content);
  created.push(config);
  return { problems: await collectProblems(config.files), file: config.files.sourcesFile, config };
}

/** One source entry in YAML, with fields overridden or (value undefined) left out. */
function source(fields: Record<string, string | undefined>): string {
  const merged: Record<string, string | undefined> = {
    id: 'soziales-presse',
    name: 'Pressemitteilungen',
    url: 'https://soziales.example/presse',
    type: 'listing',
    ...fields,
  };
  const lines = Object.entries(merged).flatMap(([key, value]) => (value === undefined ? [] : [`${key}: ${value}`]));
  return lines.map((line, index) => (index === 0 ? `  - ${line}` : `    ${line}`)).join('\n');
}

function sourcesFile(...entries: string[]): string {
  return `sources:\n${entries.join('\n')}\n`;
}

describe('config/sources.yaml errors name the file, the path in it and the problem', () => {
  it('reports an interval that is not a duration', async () => {
    const { problems, file } = await problemsFor({
      sources: sourcesFile(
        source({ id: 'a' }),
        source({ id: 'b', url: 'https://soziales.example/b' }),
        source({ id: 'c', url: 'https://soziales.example/c' }),
        source({ id: 'd', url: 'https://soziales.example/d', interval: '15 mins' }),
      ),
    });
    expect(problems).toEqual([`${file}: sources[3].interval: "15 mins" is not a duration like 15m`]);
  });

  it('refuses intervals shorter than 30 seconds', async () => {
    const { problems, file } = await problemsFor({ sources: sourcesFile(source({ interval: '10s' })) });
    expect(problems).toEqual([`${file}: sources[0].interval: "10s" is shorter than the minimum interval of 30s`]);
  });

  it('reports a recheck that is neither a duration nor off, or too short', async () => {
    const { problems, file } = await problemsFor({
      sources: sourcesFile(source({ id: 'a', recheck: 'daily' }), source({ id: 'b', url: 'https://soziales.example/b', recheck: '5s' })),
    });
    expect(problems).toEqual([
      `${file}: sources[0].recheck: "daily" is not a duration like 24h, or off`,
      `${file}: sources[1].recheck: "5s" is shorter than the minimum of 30s`,
    ]);
  });

  it('reports a spacing or a concurrency a host could not be treated by', async () => {
    const { problems, file } = await problemsFor({
      sources: sourcesFile(
        source({ id: 'a', spacing: 'slow', concurrency: '0' }),
        source({ id: 'b', url: 'https://soziales.example/b', spacing: '5m', concurrency: '2.5' }),
        source({ id: 'c', url: 'https://soziales.example/c', spacing: '750ms', concurrency: '16' }),
      ),
    });
    expect(problems).toEqual([
      `${file}: sources[0].spacing: "slow" is not a duration up to 60s like 1s, 500ms or 0 (no spacing)`,
      `${file}: sources[0].concurrency: 0 is not a whole number between 1 and 16`,
      `${file}: sources[1].spacing: "5m" is not a duration up to 60s like 1s, 500ms or 0 (no spacing)`,
      `${file}: sources[1].concurrency: 2.5 is not a whole number between 1 and 16`,
    ]);
  });

  it('suggests the intended key for a misspelled one', async () => {
    const { problems, file } = await problemsFor({ sources: sourcesFile(source({ intervall: '15m' })) });
    expect(problems).toEqual([`${file}: sources[0].intervall: unknown key (did you mean "interval"?)`]);
  });

  it('suggests max_pages for maxPages and lists the allowed keys when nothing is close', async () => {
    const { problems, file } = await problemsFor({ sources: sourcesFile(source({ maxPages: '2', colour: 'red' })) });
    expect(problems).toEqual([
      `${file}: sources[0].maxPages: unknown key (did you mean "max_pages"?)`,
      `${file}: sources[0].colour: unknown key (allowed: id, name, ministry, url, type, profile, interval, hosts, max_pages, recheck, spacing, concurrency, archive, backfill)`,
    ]);
  });

  it('reports an archive template that is no URL, has no {page}, or leaves the source\'s hosts', async () => {
    const { problems, file } = await problemsFor({
      sources: sourcesFile(
        source({ id: 'a', archive: 'archiv?page={page}' }),
        source({ id: 'b', url: 'https://soziales.example/b', archive: 'https://soziales.example/archiv?page=1' }),
        source({ id: 'c', url: 'https://soziales.example/c', archive: 'https://other.example/archiv?page={page}' }),
        source({ id: 'd', url: 'https://soziales.example/d', hosts: '[soziales.example, archiv.example]', archive: 'https://archiv.example/{page}' }),
      ),
    });
    expect(problems).toEqual([
      `${file}: sources[0].archive: "archiv?page={page}" is not an absolute http(s) URL`,
      `${file}: sources[1].archive: "https://soziales.example/archiv?page=1" has no {page} where the page number goes, e.g. https://soziales.hessen.de/presse-archiv?page={page}`,
      `${file}: sources[2].archive: is on "other.example", which is not one of the source's hosts (soziales.example)`,
    ]);
  });

  it('reports backfill that is not true or false, and archive or backfill on a feed', async () => {
    const { problems, file } = await problemsFor({
      sources: sourcesFile(
        source({ id: 'a', backfill: 'ja' }),
        source({ id: 'b', url: 'https://soziales.example/feed', type: 'feed', backfill: 'true', archive: 'https://soziales.example/archiv?page={page}' }),
      ),
    });
    expect(problems).toEqual([
      `${file}: sources[0].backfill: "ja" is not true or false`,
      `${file}: sources[1].archive: is for listing sources only: a feed has no pages to walk`,
      `${file}: sources[1].backfill: is for listing sources only: a feed has no pages to walk`,
    ]);
  });

  it('reports a duplicate id with the place of the first', async () => {
    const { problems, file } = await problemsFor({
      sources: sourcesFile(
        source({ id: 'soziales-presse' }),
        source({ id: 'kultus-presse', url: 'https://kultus.example/presse' }),
        source({ id: 'soziales-presse', url: 'https://soziales.example/other' }),
      ),
    });
    expect(problems).toEqual([`${file}: sources[2].id: "soziales-presse" is used twice (also sources[0])`]);
  });

  it('reports the same url polled by two sources', async () => {
    const { problems, file } = await problemsFor({
      sources: sourcesFile(source({ id: 'a' }), source({ id: 'b', url: 'https://SOZIALES.example/presse' })),
    });
    expect(problems).toEqual([`${file}: sources[1].url: "https://SOZIALES.example/presse" is used twice (also sources[0])`]);
  });

  it('lists the allowed types', async () => {
    const { problems, file } = await problemsFor({ sources: sourcesFile(source({ type: 'html' })) });
    expect(problems).toEqual([`${file}: sources[0].type: "html" must be one of feed, listing`]);
  });

  it.each([
    ['soziales.example/presse'],
    ['ftp://soziales.example/presse'],
    ['not a url'],
  ])('rejects the url %s', async (url) => {
    const { problems, file } = await problemsFor({ sources: sourcesFile(source({ url: JSON.stringify(url) })) });
    expect(problems).toEqual([`${file}: sources[0].url: ${JSON.stringify(url)} is not an absolute http(s) URL`]);
  });

  it('reports an unknown ministry id and lists the ids from the ministries file', async () => {
    const { problems, file, config } = await problemsFor({ sources: sourcesFile(source({ ministry: 'sozial' })) });
    expect(problems).toEqual([
      `${file}: sources[0].ministry: "sozial" is not a ministry id in ${config.files.ministriesFile}; ` +
        `use one of ${MINISTRY_IDS.join(', ')}`,
    ]);
  });

  it('reports an unknown profile and lists the defined profiles', async () => {
    const { problems, file, config } = await problemsFor({ sources: sourcesFile(source({ profile: 'hessen' })) });
    expect(problems).toEqual([
      `${file}: sources[0].profile: "hessen" is not a profile in ${config.files.profilesFile}; defined profiles: hessen-drupal, plain`,
    ]);
  });

  it('reports missing required keys and an id with capitals', async () => {
    const { problems, file } = await problemsFor({ sources: sourcesFile(source({ id: 'Soziales', url: undefined, name: undefined })) });
    expect(problems).toEqual([
      `${file}: sources[0].id: "Soziales" may only contain a-z, 0-9 and "-"`,
      `${file}: sources[0].name: required key is missing`,
      `${file}: sources[0].url: required key is missing`,
    ]);
  });

  it('reports hosts that do not include the url host, and values that are not host names', async () => {
    const { problems, file } = await problemsFor({
      sources: sourcesFile(source({ hosts: '[www.example, "https://soziales.example/"]' })),
    });
    expect(problems).toEqual([
      `${file}: sources[0].hosts[1]: "https://soziales.example/" is not a host name (no scheme, port or path), e.g. soziales.hessen.de`,
      `${file}: sources[0].hosts: does not include the url's host "soziales.example"`,
    ]);
  });

  it('reports max_pages outside 1..50 and wrong value types', async () => {
    const { problems, file } = await problemsFor({
      sources: sourcesFile(source({ max_pages: '0', name: '[a, b]', interval: '900' })),
    });
    expect(problems).toEqual([
      `${file}: sources[0].name: a list is not text`,
      `${file}: sources[0].interval: 900 is not a duration like 15m`,
      `${file}: sources[0].max_pages: 0 is not a whole number between 1 and 50`,
    ]);
  });

  it('reports a file without a sources list', async () => {
    const { problems, file } = await problemsFor({ sources: 'source:\n  - id: a\n' });
    expect(problems).toEqual([
      `${file}: sources: required key is missing`,
      `${file}: source: unknown key (did you mean "sources"?)`,
    ]);
  });

  it('reports an empty file', async () => {
    const { problems, file } = await problemsFor({ sources: '# nothing yet\n' });
    expect(problems).toEqual([`${file}: the file is empty (expected sources)`]);
  });

  it('reports a YAML syntax error with line and column', async () => {
    const { problems, file } = await problemsFor({
      sources: 'sources:\n  - id: soziales-presse\n    id: kultus-presse\n',
    });
    expect(problems).toEqual([`${file}: line 3, column 5: Map keys must be unique`]);
  });

  it('reports a missing file and the variable that moves it', async () => {
    const { problems, file } = await problemsFor({ sources: null });
    expect(problems).toEqual([`${file}: file not found (set SOURCES_FILE to another path)`]);
  });

  it('collects every problem of every file into one ConfigError, one per line', async () => {
    const config = await writeTempConfig({
      sources: sourcesFile(
        source({ id: 'a', type: 'html', interval: '15 mins' }),
        source({ id: 'a', url: 'https://soziales.example/2', intervall: '1h' }),
      ),
      profiles: null,
    });
    created.push(config);
    const { sourcesFile: file, profilesFile } = config.files;
    const error = await loadConfig(config.files).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      `${profilesFile}: file not found (set PROFILES_FILE to another path)`,
      `${file}: sources[0].type: "html" must be one of feed, listing`,
      `${file}: sources[0].interval: "15 mins" is not a duration like 15m`,
      `${file}: sources[1].intervall: unknown key (did you mean "interval"?)`,
      `${file}: sources[1].id: "a" is used twice (also sources[0])`,
    ]);
    expect((error as ConfigError).message).toBe(problems.join('\n'));
  });
});
