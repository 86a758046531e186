/** Access logging is level-gated: nothing per request at info, a line per request at debug. */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CapturedOutput } from './helpers/cli.js';
import { httpGet, startTestWeb, type TestWeb } from './helpers/web.js';

describe('access log lines', () => {
  let web: TestWeb | undefined;
  afterEach(async () => {
    await web?.close();
    web = undefined;
  });

  async function requestLines(level: 'info' | 'debug'): Promise<{ msg: string; url: string; status: number }[]> {
    const out = new CapturedOutput();
    web = await startTestWeb({ log: pino({ level }, out) });
    for (let i = 0; i < 5; i++) await httpGet(`${web.url}/feed.atom`);
    await httpGet(`${web.url}/no/such/page`);
    return out.text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; url: string; status: number })
      .filter((line) => line.msg === 'request' || line.msg === 'slow request');
  }

  it('are not written at the default level, however many feeds are served', async () => {
    expect(await requestLines('info')).toEqual([]);
  });

  it('are written once per request at debug, with method, path, status and duration', async () => {
    const lines = await requestLines('debug');
    expect(lines.map((l) => [l.url, l.status])).toEqual([...Array.from({ length: 5 }, () => ['/feed.atom', 200]), ['/no/such/page', 404]]);
  });
});
