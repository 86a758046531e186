/**
 * The total timeout: one clock for the whole fetch, started with the first request (waiting for
 * the host's first slot is politeness, not slowness) and covering every redirect after it.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  started = false;

  constructor(private readonly ms: number) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.timer = setTimeout(() => this.controller.abort(new Error(`total timeout of ${this.ms} ms`)), this.ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
