/**
 * The house rules for imports (DESIGN.md, STYLE.md): a top-level folder of `src/` is used from
 * outside only through its `index.ts`, no module reaches itself round a circle, and the folders
 * import one way. The imports are read from the sources by the TypeScript compiler's own scanner
 * (`ts.preProcessFile`), so `import type`, `export … from` and `import()` count like any import.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED_DIRS = ['src'];

/** File → the project files it imports; paths relative to the repository, with `/`. */
type ImportGraph = Map<string, string[]>;

function listTsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function toRepoPath(path: string): string {
  return relative(ROOT, path).split('\\').join('/');
}

/** `./feeds.js` from src/web/server.ts → src/web/feeds.ts; undefined for packages and `node:`. */
function resolveImport(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(join(ROOT, fromFile)), specifier);
  const candidates = [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  if (found === undefined) throw new Error(`${fromFile}: cannot resolve import "${specifier}"`);
  return toRepoPath(found);
}

function readImportGraph(): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const dir of SCANNED_DIRS) {
    for (const path of listTsFiles(join(ROOT, dir))) {
      const file = toRepoPath(path);
      const imported = ts.preProcessFile(readFileSync(path, 'utf8'), true, true).importedFiles.map((ref) => ref.fileName);
      const targets = imported.map((specifier) => resolveImport(file, specifier)).filter((target) => target !== undefined);
      graph.set(file, [...new Set(targets)].sort());
    }
  }
  return graph;
}

/** `src/web/routes/feeds.ts` → `src/web`. */
function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src' && parts.length > 2) return `src/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : '.';
}

/** Imports that enter another top-level folder anywhere but at its `index.ts`. */
function findDeepImports(graph: ImportGraph): string[] {
  const deep: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const folder = folderOf(target);
      if (folder !== folderOf(file) && target !== `${folder}/index.ts`) deep.push(`${file} → ${target}`);
    }
  }
  return deep;
}

/** One cycle per back edge of a depth-first walk, each written `a → b → … → a`. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Folder → the other folders its files import. */
function folderGraph(graph: ImportGraph): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    const edges = folders.get(from) ?? new Set<string>();
    for (const target of targets) if (folderOf(target) !== from) edges.add(folderOf(target));
    folders.set(from, edges);
  }
  return new Map([...folders].map(([folder, edges]) => [folder, [...edges].sort()]));
}

describe('the import checks themselves', () => {
  it('see type imports, re-exports and imports spread over several lines', () => {
    const graph = readImportGraph();
    // `export { entryIdFor } from './entry-id.js'`: a re-export.
    expect(graph.get('src/publish/index.ts')).toContain('src/publish/entry-id.ts');
    // `export {\n  FEED_EXTENSION, …\n} from './feed-service.js'`: a re-export over several lines.
    expect(graph.get('src/publish/index.ts')).toContain('src/publish/feed-service.ts');
    // `import type { Store } from '../store/index.js'`: a type-only import.
    expect(graph.get('src/web/context.ts')).toContain('src/store/index.ts');
    // `import {\n  httpDate, …\n} from '../../publish/index.js'`: an import over several lines.
    expect(graph.get('src/web/routes/overview.ts')).toContain('src/publish/index.ts');
  });

  it('report an import past a folder index and a circle, with its path', () => {
    const graph: ImportGraph = new Map([
      ['src/a/index.ts', ['src/a/one.ts']],
      ['src/a/one.ts', ['src/b/index.ts']],
      ['src/b/index.ts', ['src/b/two.ts']],
      ['src/b/two.ts', ['src/a/one.ts']],
    ]);
    expect(findDeepImports(graph)).toEqual(['src/b/two.ts → src/a/one.ts']);
    expect(findCycles(graph)).toEqual(['src/a/one.ts → src/b/index.ts → src/b/two.ts → src/a/one.ts']);
    expect(findCycles(folderGraph(graph))).toEqual(['src/a → src/b → src/a']);
  });
});

describe('imports in src/', () => {
  const graph = readImportGraph();

  it('enter another top-level folder only through its index.ts', () => {
    expect(findDeepImports(graph)).toEqual([]);
  });

  it('never run in a circle between files', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('run one way between folders', () => {
    expect(findCycles(folderGraph(graph))).toEqual([]);
  });
});
