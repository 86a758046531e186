// Entry point for a process that runs only ingest workers: `tsx workers/ingest.ts` (or node dist/workers/ingest.js).
import { runCli } from '../src/cli/index.js';

await runCli(['worker', '--queues', 'ingest', ...process.argv.slice(2)]);
