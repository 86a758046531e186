/**
 * The world a command runs in, handed to `main` by bin/hessenfeed.js (the real process) or by a
 * test (captured streams, its own environment, an emitter for signals). Nothing below bin/ reads
 * `process`: that keeps every command testable in process and lets one test run several.
 */
import type { Readable, Writable } from 'node:stream';

export type Output = Writable & { isTTY?: boolean };
export type Input = Readable & { isTTY?: boolean };

export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

/** Where SIGINT/SIGTERM come from and how to stop at once; `process` is one. */
export interface Signals {
  on(signal: ShutdownSignal, listener: (signal: ShutdownSignal) => void): unknown;
  off(signal: ShutdownSignal, listener: (signal: ShutdownSignal) => void): unknown;
  /** Ends the process now (a second signal, or a shutdown that outlived its grace time). */
  exit(code: number): void;
}

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: Output;
  stderr: Output;
  stdin: Input;
  /** SIGINT/SIGTERM stop the services and interrupt `once`; bin/ passes `process`, tests an emitter. */
  signals: Signals;
  /** Written into every JSON log line, so lines of many worker processes can be told apart. */
  pid?: number;
}

/** Exit codes: 1 runtime failure, 2 usage error, 78 configuration error (EX_CONFIG). */
export const EXIT = { ok: 0, failure: 1, usage: 2, config: 78 } as const;

/** The options of the command line, as parsed; main.ts checks which command takes which. */
export interface CommandValues {
  queues?: string;
  format?: string;
  out?: string;
  'base-url'?: string;
  limit?: string;
  all?: boolean;
  json?: boolean;
  queue?: string;
  source?: string[];
  force?: boolean;
  since?: string;
  pages?: string;
  restart?: boolean;
}
