/**
 * The queue dashboard in a real browser: it works, and it loads nothing from any other host (no
 * web fonts from a third party), so no visitor's address leaves the operator's server.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.js';
import { startTestWeb, type TestWeb } from './helpers/web.js';

const PASSWORD = 'browser-secret';

describe('/admin/queues in Chromium', () => {
  let web: TestWeb;
  let browser: Browser | undefined;

  beforeAll(async () => {
    web = await startTestWeb({ admin: { password: PASSWORD, readonly: false } });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows the queues, asks only its own server for anything, and is covered by a policy that forbids other hosts', async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ httpCredentials: { username: 'admin', password: PASSWORD } });
    const page = await context.newPage();
    const requested: string[] = [];
    const refused: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    const response = await page.goto(`${web.url}/admin/queues`, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    // Bull Board's app rendered the queues (it fetched them from its API on this server).
    await page.getByText('scrape', { exact: false }).first().waitFor({ timeout: 15_000 });
    const origin = new URL(web.url).origin;
    const elsewhere = requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'));
    expect(elsewhere).toEqual([]);
    expect(refused).toEqual([]);
    expect(requested.some((url) => url.includes('/admin/queues/api/queues'))).toBe(true);
  });
});
