#!/usr/bin/env node
// The npm bin: runs the compiled command line (dist/, built by `npm ci` through the prepare
// script, or by `npm run build`) in this process. The only file that hands `process` to the code.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const runtime = fileURLToPath(new URL('../dist/src/runtime/index.js', import.meta.url));
for (const file of [compiled, runtime]) {
  if (existsSync(file)) continue;
  process.stderr.write(`hessenfeed: ${file} is missing: the command line is not built (or was built before this version); run \`npm run build\` (npm ci does it too)\n`);
  process.exit(1);
}
// First, before the command line loads anything: keeps Node's tick objects fast (src/runtime).
const { keepTickShape } = await import(pathToFileURL(runtime).href);
keepTickShape();
const { main } = await import(pathToFileURL(compiled).href);
process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signals: { on: (s, f) => process.on(s, f), off: (s, f) => process.off(s, f), exit: (code) => process.exit(code) },
  pid: process.pid,
});
