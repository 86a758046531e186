/**
 * The `search` part of `npm run bench` (issue 11, parts 3 and 4): word search `q` from the word
 * index and Redis memory per release, over generated stores of BENCH_SEARCH_SIZES releases
 * (default 10000,50000): about 4.4 kB of German-looking text each, 12 ministries, 300 tags, words
 * drawn by a Zipf law (rank r with weight 1/r) over function words, nouns and their compounds and
 * inflections, so a few words are in every release and most in a handful. The store is written
 * through restore (the same rules as ingest, index included, much faster than ingesting).
 *
 * Per store: Store.query({ q, limit: 50 }) for a rare word (in 1 of 1000 releases), a common word
 * (in most), a word part contained in many indexed words, a word in none, and a common word within
 * one ministry — BENCH_SEARCH_RUNS rounds (default 30), the words interleaved with the floor, the
 * newest page without `q` (Store.query({ limit: 50 })), so a busy moment hits all alike. Then
 * Redis bytes per release: MEMORY USAGE (SAMPLES 0) summed over the prefix, without and with the
 * word index (w:<word>, vocab). REDIS_URL as for the other parts; the prefixes are deleted after.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { contentFingerprint, normalizeText } from '../src/dedupe/index.js';
import { MINISTRY_IDS, slugify } from '../src/model/index.js';
import { restoreStore, Store, type BackupRecord, type StoreOptions } from '../src/store/index.js';
import { htmlOf, seededRandom } from '../test/store-articles.js';
import { describeMachine, factor, formatLoad, median, printTable, spreadOf, type Row } from './ingest-report.js';
import { deletePrefix } from './ingest-subject.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '10000,50000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 30);
const RARE_EVERY = 1000;
const GOAL_MS = 10;

const FUNCTION_WORDS = (
  'der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei ' +
  'einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei können unter ' +
  'sowie gegen diese seit heute dabei damit rund neue neuen weitere sehr hier jetzt wir unsere unser ihre gemeinsam insgesamt bereits'
).split(' ');
const NOUNS = (
  'Land Regierung Förderung Schule Kinder Bildung Minister Ministerin Projekt Stadt Gemeinde Kommune Haushalt Mittel Programm Polizei ' +
  'Sicherheit Wirtschaft Unternehmen Arbeit Energie Klima Wald Wasser Straße Verkehr Gesundheit Pflege Familie Jugend Sport Kultur ' +
  'Forschung Hochschule Daten Netz Justiz Gericht Recht Europa Integration Ehrenamt Verein Landwirtschaft Umwelt Natur Tier Wohnung Bau ' +
  'Feuerwehr Krankenhaus Ärzte Ausbildung Fachkräfte Zukunft Strategie Konferenz Bericht Gesetz Entwurf Beratung Angebot Menschen Jahr ' +
  'Euro Millionen Region Kreis Verwaltung Schutz Wissenschaft Studium Lehrkräfte Unterricht Kita Betreuung Sprache Museum Theater Musik ' +
  'Denkmal Radweg Bahn Bus Brücke Schiene Hafen Flughafen Innovation Technik Digitalisierung Verbraucher Lebensmittel Markt Handel ' +
  'Tourismus Hotel Gast Wahl Parlament Ausschuss Kabinett Staat Bund Steuer Finanz Kredit Bank Versorgung Rettung Katastrophe Hilfe ' +
  'Opfer Prävention Gewalt Frauen Senioren Inklusion Teilhabe Migration Heimat Dorf Wege Zentrum Standort Anlage Fläche Boden Luft'
).split(' ');
const VERBS = (
  'fördert unterstützt stellt erhält investiert plant startet eröffnet beschließt stärkt verbessert baut informiert begrüßt erklärt ' +
  'betont sagte teilte übergab besuchte zeichnete entwickelt sichert schafft ermöglicht'
).split(' ');
const SUFFIXES = ['', '', '', 'en', 'e', 's', 'n', 'ung', 'ungen'];

/** Every word of the generated language, in Zipf rank order (most frequent first). */
function buildVocabulary(random: () => number): string[] {
  const compounds = new Set<string>();
  for (const a of NOUNS) for (const b of NOUNS) if (a !== b && random() < 0.5) compounds.add(`${a}${random() < 0.4 ? 's' : ''}${b.toLowerCase()}${SUFFIXES[Math.floor(random() * SUFFIXES.length)]}`);
  const tail = [...compounds];
  for (let i = tail.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [tail[i], tail[j]] = [tail[j]!, tail[i]!];
  }
  // "Landesregierung" near the top: the common word measured below.
  return [...FUNCTION_WORDS.slice(0, 20), 'Landesregierung', ...FUNCTION_WORDS.slice(20), ...NOUNS, ...VERBS, ...tail];
}

function zipfSampler(words: string[], random: () => number): () => string {
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  for (let r = 0; r < words.length; r++) cumulative[r] = sum += 1 / (r + 1);
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
}

function generateText(draw: () => string, random: () => number, bytes: number): string {
  const paragraphs: string[] = [];
  let sentences: string[] = [];
  let length = 0;
  while (length < bytes) {
    const words = Array.from({ length: 8 + Math.floor(random() * 9) }, draw);
    const sentence = `${words.join(' ')}.`;
    sentences.push(sentence.charAt(0).toUpperCase() + sentence.slice(1));
    length += sentence.length + 1;
    if (sentences.length === 5) {
      paragraphs.push(sentences.join(' '));
      sentences = [];
    }
  }
  if (sentences.length > 0) paragraphs.push(sentences.join(' '));
  return paragraphs.join('\n\n');
}

function* backupRecords(size: number): Generator<BackupRecord> {
  const random = seededRandom(4711);
  const draw = zipfSampler(buildVocabulary(random), random);
  const tags = Array.from({ length: 300 }, (_, i) => `${NOUNS[i % NOUNS.length]} ${Math.floor(i / NOUNS.length) + 1}`);
  const drawTag = zipfSampler(tags, random);
  yield { type: 'hessenfeed-backup', version: 1, prefix: 'bench', created: new Date().toISOString() };
  yield { type: 'store', version: size, tagLabels: {}, bandVersions: {} };
  for (let i = 0; i < size; i++) {
    const body = generateText(draw, random, 4400) + (i % RARE_EVERY === 0 ? ' Der Windpark im Vogelsberg geht ans Netz.' : '');
    const text = normalizeText(body);
    const ministryId = MINISTRY_IDS[i % MINISTRY_IDS.length]!;
    const url = `https://${ministryId}.hessen.de/presse/bench-${i}`;
    const published = new Date(Date.UTC(2014, 0, 1) + i * 3_300_000).toISOString();
    const fingerprint = contentFingerprint(text);
    const labels = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, drawTag))];
    yield {
      type: 'item',
      item: {
        id: randomBytes(8).toString('hex'),
        url,
        urls: [url],
        title: body.slice(0, 80).replace(/\s+\S*$/, ''),
        ministryId,
        tags: labels.map((label) => ({ label, slug: slugify(label) })),
        published,
        updated: published,
        summary: body.slice(0, 200).replace(/\s+\S*$/, ''),
        contentHtml: htmlOf(body),
        fingerprint,
        // A random SimHash: as many band members as a real one, without its CPU cost.
        simhash: randomBytes(8).toString('hex'),
        sources: [ministryId],
        firstSeen: published,
        lastChanged: published,
        contentUrl: url,
      },
      text,
      fingerprints: [fingerprint],
    };
  }
}

async function* lines(records: Iterable<BackupRecord>): AsyncGenerator<string> {
  for (const record of records) yield JSON.stringify(record);
}

/** MEMORY USAGE summed over the prefix: [index (w:, vocab), everything else]. */
async function memoryOf(redis: Redis, prefix: string): Promise<[number, number]> {
  let index = 0;
  let rest = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    const pipe = redis.pipeline();
    for (const key of keys) pipe.memory('USAGE', key, 'SAMPLES', 0);
    const replies = (await pipe.exec()) ?? [];
    keys.forEach((key, i) => {
      const bytes = Number(replies[i]?.[1] ?? 0);
      if (key.startsWith(`${prefix}:w:`) || key === `${prefix}:vocab`) index += bytes;
      else rest += bytes;
    });
  } while (cursor !== '0');
  return [index, rest];
}

const msOf = (value: number): string => value.toFixed(1);
const kibOf = (bytes: number): string => (bytes / 1024).toFixed(1);

interface Probe {
  label: string;
  filter: { q?: string; ministries?: string[] };
  /** The store's search options for this probe (a comparison with another way). */
  search?: StoreOptions['search'];
}

const PROBES: Probe[] = [
  { label: 'q rare word "windpark" (1 in 1000)', filter: { q: 'windpark' } },
  { label: 'q common word "landesregierung"', filter: { q: 'landesregierung' } },
  { label: 'q word part "förder" (in many words)', filter: { q: 'förder' } },
  // The way before: the word's sets made one union before the walk, whose cost grows with the archive.
  { label: 'the same, its sets walked as one union (the way before)', filter: { q: 'förder' }, search: { maxWalkedUnionIds: Number.MAX_SAFE_INTEGER } },
  { label: 'q word with no hit "xylophon"', filter: { q: 'xylophon' } },
  { label: 'q two words "windpark vogelsberg"', filter: { q: 'windpark vogelsberg' } },
  { label: 'q common word + ministry=soziales', filter: { q: 'landesregierung', ministries: ['soziales'] } },
];

async function benchSize(redis: Redis, size: number, rows: Row[], notes: string[]): Promise<void> {
  const prefix = `hf-bench-search-${randomBytes(4).toString('hex')}`;
  try {
    const started = performance.now();
    await restoreStore({ redis, keys: new Store(redis, prefix).keys }, lines(backupRecords(size)));
    console.error(`  ${size} releases written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const store = new Store(redis, prefix);
    const stores = PROBES.map((probe) => (probe.search ? new Store(redis, prefix, { search: probe.search }) : store));
    const floor: number[] = [];
    const timings = PROBES.map(() => [] as number[]);
    const hits = await Promise.all(PROBES.map(async (probe, i) => (await stores[i]!.query({ ...probe.filter, limit: 50 })).items.length));
    for (let run = 0; run < RUNS; run++) {
      let t = performance.now();
      await store.query({ limit: 50 });
      floor.push(performance.now() - t);
      for (const [i, probe] of PROBES.entries()) {
        t = performance.now();
        await stores[i]!.query({ ...probe.filter, limit: 50 });
        timings[i]!.push(performance.now() - t);
      }
    }
    const floorMedian = median(floor);
    rows.push({ what: `${size} releases: newest page, no q (floor)`, median: `${msOf(floorMedian)} ms`, spread: spreadOf(floor, msOf, ' ms'), floor: '', ratio: '', goal: '' });
    for (const [i, probe] of PROBES.entries()) {
      const values = timings[i]!;
      const ratios = values.map((v, run) => v / floor[run]!);
      rows.push({
        what: `${size} releases: ${probe.label}, ${hits[i]} entries`,
        median: `${msOf(median(values))} ms`,
        spread: spreadOf(values, msOf, ' ms'),
        floor: `${msOf(floorMedian)} ms`,
        ratio: `${factor(median(ratios))}× (${spreadOf(ratios, factor, '×')})`,
        goal: `≤ ${GOAL_MS} ms`,
      });
    }
    const [index, rest] = await memoryOf(redis, prefix);
    rows.push({ what: `${size} releases: Redis bytes per release without the word index`, median: `${kibOf(rest / size)} KiB`, spread: '', floor: '', ratio: '', goal: '≤ 8 KiB' });
    rows.push({ what: `${size} releases: word index per release (w:<word>, vocab)`, median: `${kibOf(index / size)} KiB`, spread: '', floor: '', ratio: '', goal: 'reported' });
    rows.push({ what: `${size} releases: Redis bytes per release with the word index`, median: `${kibOf((index + rest) / size)} KiB`, spread: '', floor: '', ratio: '', goal: '' });
    const words = await redis.strlen(store.keys.vocabulary);
    notes.push(`${size} releases: vocabulary ${(words / 1024).toFixed(0)} KiB; load average after: ${formatLoad()}`);
  } finally {
    await deletePrefix(redis, prefix);
  }
}

export async function runSearchBench(): Promise<void> {
  const machine = await describeMachine(REDIS_URL);
  console.error(machine);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    for (const size of SIZES) await benchSize(redis, size, rows, notes);
  } finally {
    redis.disconnect();
  }
  printTable(
    [
      machine,
      `Word search through Store.query (limit 50), median of ${RUNS} interleaved rounds; ratio per round to the newest page without q. Memory: MEMORY USAGE (SAMPLES 0) summed over the prefix.`,
      ...notes,
    ],
    rows,
  );
}
