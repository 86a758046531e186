/**
 * A long-running `hessenfeed` child process (`start`, `web`, `worker`) for end-to-end tests.
 *
 * test/helpers/cli.ts runs commands that finish; a service runs until it is told to stop, so this
 * helper waits for a log line that says it is ready, keeps every JSON log line for assertions and
 * failure messages, and stops it the way an operator or a container runtime does (SIGTERM), or
 * kills it when a test failed halfway.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from './cli.js';

/** One pino log line as the service writes it to stdout when stdout is not a terminal. */
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface CliService {
  /** Base URL of the web server, from the "Web server listening on <url>" log line. */
  url: string;
  pid: number;
  /** Every JSON log line written so far. */
  logs(): LogLine[];
  /** Raw output so far, for failure messages. */
  output(): { stdout: string; stderr: string };
  /** Sends `signal` and resolves with the exit code; SIGKILLs and rejects after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** SIGKILL if still running; for afterAll after a failed test. Never throws. */
  kill(): Promise<void>;
}

export interface StartServiceOptions {
  /** How long to wait for the web server's log line. @defaultValue 30 000 */
  readyTimeoutMs?: number;
}

/** A role without a web server (`worker`, `scheduler`): ready when it logs a message of its own. */
export interface CliProcess extends Omit<CliService, 'url'> {
  /** The log line that said the process was ready. */
  readyLine: LogLine;
}

export interface StartProcessOptions {
  /** The log message (`msg`) that says the process is ready, e.g. /^Workers started/. */
  readyMessage: RegExp;
  /** How long to wait for it. @defaultValue 30 000 */
  readyTimeoutMs?: number;
}

const READY_MESSAGE = /^Web server listening on (\S+)/;

function parseLogLines(stdout: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as LogLine);
    } catch {
      // A line still being written; it is complete on the next read.
    }
  }
  return lines;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Spawns `node --import tsx src/cli/main.ts <args>` with only `env` (plus PATH and HOME) and
 * resolves once its web server listens. Rejects with the output when the process exits first or
 * does not get ready in time (and then kills it).
 */
export async function startCliService(args: string[], env: Record<string, string>, options: StartServiceOptions = {}): Promise<CliService> {
  const { readyLine, ...service } = await startCliProcess(args, env, { readyMessage: READY_MESSAGE, readyTimeoutMs: options.readyTimeoutMs });
  return { ...service, url: READY_MESSAGE.exec(readyLine.msg)![1]! };
}

/**
 * Spawns `node --import tsx src/cli/main.ts <args>` like startCliService, for any role: resolves
 * once a log line's message matches `readyMessage`. Rejects with the output when the process exits
 * first or does not get ready in time (and then kills it).
 */
export async function startCliProcess(args: string[], env: Record<string, string>, options: StartProcessOptions): Promise<CliProcess> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = exited(child);
  const describe = (): string => `hessenfeed ${args.join(' ')}\n--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`;

  const readyLine = await new Promise<LogLine>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no log line matching ${options.readyMessage} within ${readyTimeoutMs} ms from ${describe()}`));
    }, readyTimeoutMs);
    const check = (): void => {
      const ready = parseLogLines(stdout).find((line) => options.readyMessage.test(line.msg));
      if (!ready) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve(ready);
    };
    child.stdout!.on('data', check);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code} before it logged a line matching ${options.readyMessage}: ${describe()}`));
    });
  });

  return {
    readyLine,
    pid: child.pid!,
    logs: () => parseLogLines(stdout),
    output: () => ({ stdout, stderr }),
    async stop(signal = 'SIGTERM', timeoutMs = 40_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`did not exit within ${timeoutMs} ms of ${signal}: ${describe()}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exit, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exit;
    },
  };
}
