import type { App } from '../app/index.js';

/** How long a graceful shutdown waits for running jobs before giving up on them. */
export const GRACE_MS = 30_000;

/**
 * Waits for SIGINT/SIGTERM, then stops the roles (running jobs finish; unfinished ones go back to
 * the queue through BullMQ's stalled-job check) and closes the app. A second signal, or a
 * shutdown that takes longer than GRACE_MS, exits at once. Resolves with the exit code.
 */
export function installShutdown(app: App, stopRoles: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        app.log.warn({ signal }, 'Second signal: exiting now; unfinished jobs return to the queue');
        process.exit(130);
      }
      stopping = true;
      app.log.info({ signal, grace_ms: GRACE_MS }, 'Shutting down: letting running jobs finish (send the signal again to stop at once)');
      const timer = setTimeout(() => {
        app.log.warn({ grace_ms: GRACE_MS }, 'Running jobs did not finish in time; exiting, they return to the queue');
        process.exit(1);
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
            app.log.error({ err: String(err) }, 'Error while shutting down');
            resolve(1);
          },
        );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
