/**
 * The serve bench's load generator: wrk (Debian package `wrk`: `apt-get install -y wrk`), one
 * thread, in a process of its own. Chosen over autocannon because it is C on an event loop: on
 * this 2-core machine a Node load generator would need about as much CPU as the server it loads,
 * and the bare server's rate would then be the generator's. A Lua script rotates request paths,
 * spaces requests for a fixed rate (wrk's `delay()`: each connection waits that long after an
 * answer; latency is timed from the send, after the delay) and prints the result as JSON.
 */
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SCRIPT = String.raw`
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "0")
local paths = {}
local paths_file = os.getenv("WRK_PATHS_FILE")
if paths_file and paths_file ~= "" then
  for line in io.lines(paths_file) do
    if line ~= "" then paths[#paths + 1] = line end
  end
end
if #paths > 1 then
  local i = math.random(#paths)
  request = function()
    i = i % #paths + 1
    return wrk.format(nil, paths[i])
  end
end
if delay_ms > 0 then
  delay = function() return delay_ms end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":%d,"status_errors":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`;

export interface WrkOptions {
  /** `http://host:port` */
  origin: string;
  /** Paths with query; several are requested in turn. */
  paths: readonly string[];
  headers?: Record<string, string>;
  seconds: number;
  /** Requests per second to aim at; unset: as fast as the server answers. */
  rate?: number;
  /** @defaultValue 32 without a rate; with one, enough for a delay of about 40 ms per connection */
  connections?: number;
  /** Latency per request (ms) to take off the delay, from an earlier run at this load. */
  latencyMs?: number;
}

export interface WrkRun {
  requests: number;
  /** Answers per second. */
  rate: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Socket errors and timeouts, and answers that were not 2xx/3xx. */
  errors: number;
  connections: number;
}

/** Fails with how to install wrk when it is not on PATH. */
export function requireWrk(): void {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if ((probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('the serve bench needs wrk (the HTTP load generator) on PATH: install it with `apt-get install -y wrk` (Debian/Ubuntu) and run again');
  }
}

export class Wrk {
  private readonly script: string;
  private runs = 0;

  constructor(private readonly dir: string) {
    this.script = join(dir, 'wrk-bench.lua');
    writeFileSync(this.script, SCRIPT);
  }

  run(options: WrkOptions): Promise<WrkRun> {
    const connections = options.connections ?? (options.rate === undefined ? 32 : Math.min(256, Math.max(4, Math.ceil(options.rate / 25))));
    // wrk's delay is whole milliseconds per connection, after each answer.
    const delayMs = options.rate === undefined ? 0 : Math.max(1, Math.round((connections * 1000) / options.rate - (options.latencyMs ?? 0)));
    const pathsFile = join(this.dir, `paths-${++this.runs}.txt`);
    writeFileSync(pathsFile, `${options.paths.join('\n')}\n`);
    const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
    const args = ['-t1', `-c${connections}`, `-d${options.seconds}s`, '--timeout', '10s', '-s', this.script, ...headers, options.origin + options.paths[0]!];
    const env = { ...process.env, WRK_DELAY_MS: String(delayMs), WRK_PATHS_FILE: pathsFile };
    return new Promise((resolve, reject) => {
      execFile('wrk', args, { env, timeout: (options.seconds + 30) * 1000 }, (err, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
        if (err || !line) return reject(new Error(`wrk ${args.join(' ')} failed: ${err?.message ?? 'no result'}\n${stdout}${stderr}`));
        const r = JSON.parse(line.slice('WRK_JSON '.length)) as Record<string, number>;
        resolve({
          requests: r.requests!,
          rate: r.requests! / (r.duration_us! / 1e6),
          p50Ms: r.p50_us! / 1000,
          p99Ms: r.p99_us! / 1000,
          maxMs: r.max_us! / 1000,
          errors: r.errors! + r.status_errors!,
          connections,
        });
      });
    });
  }

  /**
   * A run at `rate`: a short run first learns the latency at that load, so the delay between a
   * connection's requests can leave it out and the rate reached is near the one asked for.
   */
  async atRate(options: WrkOptions & { rate: number }): Promise<WrkRun> {
    const probe = await this.run({ ...options, seconds: 2 });
    const connections = probe.connections;
    const latencyMs = Math.max(0, (connections * 1000) / probe.rate - Math.round((connections * 1000) / options.rate));
    return this.run({ ...options, latencyMs });
  }
}
