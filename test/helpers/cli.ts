/**
 * Runs the `hessenfeed` command line in this process: `main` with its own environment, captured
 * stdout and stderr, an optional stdin, and an emitter for signals. Tests whose subject is the
 * process itself (signals to a real process, SIGKILL, roles sharing one Redis) start the built
 * bin instead (see cli-service.ts).
 */
import { EventEmitter } from 'node:events';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main, type ShutdownSignal, type Signals } from '../../src/cli/main.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A Writable that keeps what was written, as a string. */
export class CapturedOutput extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Signals a test sends itself; `exit` records the code a real process would have exited with. */
export class TestSignals implements Signals {
  private readonly emitter = new EventEmitter();
  exitCode: number | undefined;
  on(signal: ShutdownSignal, listener: (signal: ShutdownSignal) => void): void {
    this.emitter.on(signal, listener);
  }
  off(signal: ShutdownSignal, listener: (signal: ShutdownSignal) => void): void {
    this.emitter.off(signal, listener);
  }
  send(signal: ShutdownSignal): void {
    this.emitter.emit(signal, signal);
  }
  listeners(signal: ShutdownSignal): number {
    return this.emitter.listenerCount(signal);
  }
  exit(code: number): void {
    this.exitCode = code;
  }
}

export interface RunCliOptions {
  /** Standard input (restore reads a backup from it); empty when absent. */
  input?: string;
  timeoutMs?: number;
  signals?: TestSignals;
}

/** The environment a command sees: only `env`, plus PATH and HOME as a shell would pass them. */
export function cliEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
}

/** Runs `hessenfeed <args>` in process; resolves with its exit code and output. */
export async function runCli(args: string[], env: Record<string, string>, options: RunCliOptions = {}): Promise<CliResult> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const stdin = Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]);
  const run = main(args, { env: cliEnv(env), stdout, stderr, stdin, signals: options.signals ?? new TestSignals() });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`hessenfeed ${args.join(' ')} did not finish in time\nstdout: ${stdout.text}\nstderr: ${stderr.text}`)),
      options.timeoutMs ?? 60_000,
    );
  });
  try {
    const code = await Promise.race([run, timeout]);
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    clearTimeout(timer);
  }
}
