// Entry point for a process that runs only scrape workers: `tsx workers/scrape.ts` (or node dist/workers/scrape.js).
import { runCli } from '../src/cli/index.js';

await runCli(['worker', '--queues', 'scrape', ...process.argv.slice(2)]);
