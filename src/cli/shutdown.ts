import type { App } from '../app/index.js';
import type { ShutdownSignal, Signals } from './io.js';

/** How long a graceful shutdown waits for running jobs before giving up on them. */
export const GRACE_MS = 30_000;

/** Exit code after a second signal: the shell's code for "ended by SIGINT". */
const EXIT_INTERRUPTED = 130;

/**
 * Waits for SIGINT/SIGTERM, then stops the roles (running jobs finish; unfinished ones go back to
 * the queue through BullMQ's stalled-job check) and closes the app. A second signal, or a
 * shutdown that takes longer than GRACE_MS, exits at once. Resolves with the exit code.
 */
export function installShutdown(app: App, signals: Signals, stopRoles: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: ShutdownSignal): void => {
      if (stopping) {
        app.log.warn({ signal }, 'Second signal: exiting now; unfinished jobs return to the queue');
        signals.exit(EXIT_INTERRUPTED);
        return;
      }
      stopping = true;
      app.log.info({ signal, grace_ms: GRACE_MS }, 'Shutting down: letting running jobs finish (send the signal again to stop at once)');
      const timer = setTimeout(() => {
        app.log.warn({ grace_ms: GRACE_MS }, 'Running jobs did not finish in time; exiting, they return to the queue');
        signals.exit(1);
      }, GRACE_MS);
      timer.unref();
      stopRoles()
        .then(() => app.close())
        .then(
          () => {
            clearTimeout(timer);
            app.log.info('Stopped');
            resolve(0);
          },
          (err: unknown) => {
            clearTimeout(timer);
            app.log.error({ err: String(err) }, 'Error while shutting down');
            resolve(1);
          },
        )
        .finally(() => {
          signals.off('SIGINT', onSignal);
          signals.off('SIGTERM', onSignal);
        });
    };
    signals.on('SIGINT', onSignal);
    signals.on('SIGTERM', onSignal);
  });
}
