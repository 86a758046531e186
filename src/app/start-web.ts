/**
 * startWeb, loaded on first use: fastify, Bull Board and the renderers are a web process's alone,
 * and a worker, scheduler or backfill process starts about 150 ms sooner without them.
 */
import type { App } from './open-app.js';
import type { FastifyInstance } from 'fastify';
import type { StartWebOptions as Options } from './web.js';

export type StartWebOptions = Options;

export async function startWeb(app: App, options: StartWebOptions = {}): Promise<FastifyInstance> {
  const web = await import('./web.js');
  return web.startWeb(app, options);
}
