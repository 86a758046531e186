import { afterEach, describe, expect, it } from 'vitest';
import { MINISTRY_IDS } from '../src/model/index.js';
import { VALID_MINISTRIES, collectProblems, writeTempConfig, type TempConfig } from './config-temp-files.js';

const created: TempConfig[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((config) => config.remove()));
});

async function problemsFor(content: Parameters<typeof writeTempConfig>[0]): Promise<{ problems: string[]; config: TempConfig }> {
  const config = await writeTempConfig(content);
  created.push(config);
  return { problems: await collectProblems(config.files), config };
}

/** The valid ministries file with entries left out or added. */
function ministriesWithout(...ids: string[]): string {
  const entries = VALID_MINISTRIES.split('\n  - ').slice(1);
  const kept = entries.filter((entry) => !ids.some((id) => entry.startsWith(`id: ${id}\n`)));
  return `ministries:\n${kept.map((entry) => `  - ${entry}`).join('\n')}`;
}

describe('config/ministries.yaml must list exactly the ids the store relies on', () => {
  it('names the missing ids', async () => {
    const { problems, config } = await problemsFor({ ministries: ministriesWithout('europa', 'digitales') });
    expect(problems).toEqual([
      `${config.files.ministriesFile}: ministries: missing europa, digitales; the store relies on every one of ${MINISTRY_IDS.join(', ')}`,
    ]);
  });

  it('names an unknown id and the ids that are allowed', async () => {
    const extra = '  - id: kultur\n    name: Ministerium Kultur\n    short_name: MK\n    hosts: [kultur.example]\n';
    const { problems, config } = await problemsFor({ ministries: `${ministriesWithout()}\n${extra}` });
    expect(problems).toEqual([
      `${config.files.ministriesFile}: ministries[12].id: "kultur" must be one of ${MINISTRY_IDS.join(', ')}`,
    ]);
  });

  it('reports an id listed twice', async () => {
    const extra = '  - id: kultus\n    name: Kultus zwei\n    short_name: K2\n    hosts: [k2.example]\n';
    const { problems, config } = await problemsFor({ ministries: `${ministriesWithout()}\n${extra}` });
    const kultusIndex = MINISTRY_IDS.indexOf('kultus');
    expect(problems).toEqual([
      `${config.files.ministriesFile}: ministries[12].id: "kultus" is used twice (also ministries[${kultusIndex}])`,
    ]);
  });

  it('reports a name that is also another ministry\'s alias, since a dateline must lead to one ministry', async () => {
    const ministries = VALID_MINISTRIES.replace(
      '    hosts: [soziales.example]',
      '    hosts: [soziales.example]\n    aliases: [Ministerium kultus]',
    );
    const { problems, config } = await problemsFor({ ministries });
    const kultus = MINISTRY_IDS.indexOf('kultus');
    const soziales = MINISTRY_IDS.indexOf('soziales');
    expect(problems).toEqual([
      `${config.files.ministriesFile}: ministries[${soziales}].aliases[0]: "Ministerium kultus" is used twice (also ministries[${kultus}].name)`,
    ]);
  });

  it('reports an abbreviation that two ministries claim, and one that is no abbreviation', async () => {
    const ministries = VALID_MINISTRIES.replace(
      '    hosts: [soziales.example]',
      '    hosts: [soziales.example]\n    abbreviations:\n      - { abbr: M-kultus, former: true }\n      - { abbr: "Soziales und so", confirmed: false }',
    );
    const { problems, config } = await problemsFor({ ministries });
    const kultus = MINISTRY_IDS.indexOf('kultus');
    const soziales = MINISTRY_IDS.indexOf('soziales');
    expect(problems).toEqual([
      `${config.files.ministriesFile}: ministries[${soziales}].abbreviations[1].abbr: "Soziales und so" is not an abbreviation (2 to 16 letters, digits, "." or "-", no spaces)`,
      `${config.files.ministriesFile}: ministries[${soziales}].abbreviations[0].abbr: "M-kultus" is used twice (also ministries[${kultus}].short_name)`,
    ]);
  });

  it('reports a ministry without hosts and an unknown key', async () => {
    const ministries = VALID_MINISTRIES.replace('    hosts: [finanzen.example]', '    hosts: []\n    alias: [Finanzministerium]');
    const { problems, config } = await problemsFor({ ministries });
    const finanzen = MINISTRY_IDS.indexOf('finanzen');
    expect(problems).toEqual([
      `${config.files.ministriesFile}: ministries[${finanzen}].hosts: must list at least one host`,
      `${config.files.ministriesFile}: ministries[${finanzen}].alias: unknown key (did you mean "aliases"?)`,
    ]);
  });

  it('does not also complain about source ministries when the ministries file itself is broken', async () => {
    const { problems, config } = await problemsFor({ ministries: 'ministries: [\n' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${escape(config.files.ministriesFile)}: line \\d+, column \\d+: `));
  });
});

describe('config/profiles.yaml', () => {
  it('requires listing.item and checks that selectors parse', async () => {
    const profiles = `
profiles:
  hessen-drupal:
    listing:
      link: a.teaser--area-link
    article:
      body: "div[class"
      remove: [".ok", "p:unknown-pseudo"]
      remvoe: [x]
`;
    const { problems, config } = await problemsFor({ profiles });
    const file = config.files.profilesFile;
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe(`${file}: profiles.hessen-drupal.listing.item: required key is missing`);
    expect(problems[1]).toMatch(new RegExp(`^${escape(file)}: profiles.hessen-drupal.article.body: "div\\[class" is not a valid CSS selector \\(.+\\)$`));
    expect(problems[2]).toMatch(
      new RegExp(`^${escape(file)}: profiles.hessen-drupal.article.remove\\[1\\]: "p:unknown-pseudo" is not a valid CSS selector \\(.+\\)$`),
    );
    expect(problems[3]).toBe(`${file}: profiles.hessen-drupal.article.remvoe: unknown key (did you mean "remove"?)`);
  });

  it('reports a missing profiles file with the variable that moves it', async () => {
    const { problems, config } = await problemsFor({ profiles: null });
    // The source's profile reference is not checked against a file that could not be read.
    expect(problems).toEqual([`${config.files.profilesFile}: file not found (set PROFILES_FILE to another path)`]);
  });

  it('reports a missing ministries file with the variable that moves it', async () => {
    const { problems, config } = await problemsFor({ ministries: null });
    expect(problems).toEqual([`${config.files.ministriesFile}: file not found (set MINISTRIES_FILE to another path)`]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
