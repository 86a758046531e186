// Entry point for a process that runs only poll workers: `tsx workers/poll.ts` (or node dist/workers/poll.js).
import { runCli } from '../src/cli/index.js';

await runCli(['worker', '--queues', 'poll', ...process.argv.slice(2)]);
