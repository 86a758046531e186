import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';

export type YamlFileResult = { ok: true; data: unknown } | { ok: false; problems: string[] };

/**
 * Reads one YAML config file. `file` is used as given in every message, so the operator sees the
 * path they configured; `envVar` names the variable that points elsewhere.
 */
export async function readYamlFile(file: string, envVar: string): Promise<YamlFileResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [describeReadError(file, envVar, error)] };
  }
  return parseYaml(file, text);
}

function describeReadError(file: string, envVar: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${file}: file not found (set ${envVar} to another path)`;
  if (code === 'EISDIR') return `${file}: is a directory, not a file (set ${envVar} to another path)`;
  if (code === 'EACCES') return `${file}: permission denied`;
  return `${file}: cannot be read (${(error as Error).message})`;
}

function parseYaml(file: string, text: string): YamlFileResult {
  const lineCounter = new LineCounter();
  // prettyErrors off: the default message embeds a multi-line excerpt; we want one line per problem.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return `${file}: line ${line}, column ${col}: ${error.message}`;
    });
    return { ok: false, problems };
  }
  try {
    return { ok: true, data: document.toJS() };
  } catch (error) {
    // toJS refuses alias bombs ("billion laughs") and similar; report them like syntax errors.
    return { ok: false, problems: [`${file}: ${(error as Error).message}`] };
  }
}
