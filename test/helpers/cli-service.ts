/**
 * A long-running `hessenfeed` service (`start`, `web`, `worker`) for end-to-end tests: in this
 * process (`startInProcessService`, the default for everything but the process itself), or as a
 * child process of the built bin where the process is the subject (signals, SIGKILL, several
 * roles sharing one Redis).
 *
 * test/helpers/cli.ts runs commands that finish; a service runs until it is told to stop, so this
 * helper waits for a log line that says it is ready, keeps every JSON log line for assertions and
 * failure messages, and stops it the way an operator or a container runtime does (SIGTERM), or
 * kills it when a test failed halfway.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { CapturedOutput, cliEnv, PROJECT_ROOT, TestSignals } from './cli.js';

/** The npm bin; it runs dist/, which test/setup/build.ts keeps up to date with src/. */
export const BIN = join(PROJECT_ROOT, 'bin', 'hessenfeed.js');

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
  stop(signal?: 'SIGINT' | 'SIGTERM', timeoutMs?: number): Promise<number | null>;
  /** SIGKILL if still running (in process: a shutdown); for afterAll after a failed test. Never throws. */
  kill(): Promise<void>;
}

export interface StartServiceOptions {
  /** How long to wait for the web server's log line. @defaultValue 30 000 */
  readyTimeoutMs?: number;
  /** Options for node itself, before the bin (e.g. `--cpu-prof`, which NODE_OPTIONS may not carry). */
  nodeArgs?: string[];
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
  /** Options for node itself, before the bin. */
  nodeArgs?: string[];
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
 * Spawns the built bin (`node bin/hessenfeed.js <args>`) with only `env` (plus PATH and HOME) and
 * resolves once its web server listens. Rejects with the output when the process exits first or
 * does not get ready in time (and then kills it).
 */
export async function startCliService(args: string[], env: Record<string, string>, options: StartServiceOptions = {}): Promise<CliService> {
  const { readyLine, ...service } = await startCliProcess(args, env, { ...options, readyMessage: READY_MESSAGE });
  return { ...service, url: READY_MESSAGE.exec(readyLine.msg)![1]! };
}

/**
 * Spawns `node bin/hessenfeed.js <args>` like startCliService, for any role: resolves
 * once a log line's message matches `readyMessage`. Rejects with the output when the process exits
 * first or does not get ready in time (and then kills it).
 */
export async function startCliProcess(args: string[], env: Record<string, string>, options: StartProcessOptions): Promise<CliProcess> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: PROJECT_ROOT,
    env: cliEnv(env),
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

/** How a command run as a process ended, with all it wrote. */
export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A command (one that ends by itself, like `backfill`) running as a process of the built bin. */
export interface CliRun {
  pid: number;
  exited: Promise<CliExit>;
  /** Output so far, for failure messages. */
  output(): { stdout: string; stderr: string };
  /** Sends `signal` (SIGKILL: the process dies at once, as in a crash or an OOM kill). */
  kill(signal: NodeJS.Signals): void;
}

/** Spawns `node bin/hessenfeed.js <args>` with only `env` (plus PATH and HOME); it runs until it ends or is killed. */
export function spawnCli(args: string[], env: Record<string, string>): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<CliExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    pid: child.pid!,
    exited,
    output: () => ({ stdout, stderr }),
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** `promise`, or a rejection naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `hessenfeed <args>` (a service: start, web) in this process through `main`, with only `env`
 * (plus PATH and HOME), and resolves once its web server listens. Signals are sent through a
 * TestSignals; a second signal records the exit code 130 a real process would exit with.
 */
export async function startInProcessService(args: string[], env: Record<string, string>, options: StartServiceOptions = {}): Promise<CliService> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const signals = new TestSignals();
  const running = main(args, { env: cliEnv(env), stdout, stderr, stdin: Readable.from([]), signals });
  let ended = false;
  void running.finally(() => (ended = true));
  const describe = (): string => `hessenfeed ${args.join(' ')} (in process)\n--- stdout ---\n${stdout.text.slice(-4000)}\n--- stderr ---\n${stderr.text.slice(-4000)}`;
  const ready = new Promise<LogLine>((resolve, reject) => {
    const timer = setInterval(() => {
      const line = parseLogLines(stdout.text).find((l) => READY_MESSAGE.test(l.msg));
      if (line) {
        clearInterval(timer);
        resolve(line);
      } else if (ended) {
        clearInterval(timer);
        void running.then((code) => reject(new Error(`ended with code ${code} before its web server listened: ${describe()}`)));
      }
    }, 20);
    setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`no log line matching ${READY_MESSAGE} within ${readyTimeoutMs} ms from ${describe()}`));
    }, readyTimeoutMs).unref();
  });
  const stop = async (signal: 'SIGINT' | 'SIGTERM' = 'SIGTERM', timeoutMs = 40_000): Promise<number | null> => {
    if (!ended) signals.send(signal);
    const code = await within(running, timeoutMs, () => `did not stop within ${timeoutMs} ms of ${signal}: ${describe()}`);
    return signals.exitCode ?? code;
  };
  const readyLine = await ready.catch(async (err: unknown) => {
    await stop().catch(() => undefined);
    throw err;
  });
  return {
    url: READY_MESSAGE.exec(readyLine.msg)![1]!,
    pid: process.pid,
    logs: () => parseLogLines(stdout.text),
    output: () => ({ stdout: stdout.text, stderr: stderr.text }),
    stop,
    async kill() {
      await stop().catch(() => undefined);
    },
  };
}
