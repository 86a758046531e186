import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, createAddressGuard, createFetchPolicy, fetchResource } from '../src/fetch/index.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { captureFetchError, createTestPolicy, TEST_USER_AGENT } from './fetch-helpers.js';

let origin: FixtureServer;
/** A second loopback address: private, and not inside the test policy's 127.0.0.1/32. */
let other: FixtureServer;
/** Same address as `origin`, reached under another host name. */
let elsewhere: FixtureServer;

beforeAll(async () => {
  origin = await startFixtureServer({ '/': 'home' });
  other = await startFixtureServer({ '/': 'secret' }, { host: '127.0.0.2' });
  elsewhere = await startFixtureServer({ '/': 'elsewhere' });
});

afterAll(async () => {
  await Promise.all([origin.close(), other.close(), elsewhere.close()]);
});

function redirectTo(path: string, location: string): void {
  origin.route(path, (_req, res) => {
    res.writeHead(302, { location });
    res.end();
  });
}

describe('allowed hosts', () => {
  it('never follows a redirect to a host outside the allowed hosts', async () => {
    redirectTo('/leave', `http://localhost:${elsewhere.port}/`);
    const err = await captureFetchError(fetchResource({ url: `${origin.origin}/leave`, allowedHosts: ['127.0.0.1'] }, createTestPolicy()));
    expect(err).toMatchObject({ kind: 'policy', permanent: true, url: `http://localhost:${elsewhere.port}/` });
    expect(err.message).toContain('host localhost is not among the allowed hosts (127.0.0.1)');
    expect(err.message).toContain(`redirected from ${origin.origin}/leave`);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('refuses a first URL outside the allowed hosts before connecting', async () => {
    const err = await captureFetchError(fetchResource({ url: `${elsewhere.origin}/`, allowedHosts: ['example.org'] }, createTestPolicy()));
    expect(err).toMatchObject({ kind: 'policy', permanent: true });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('compares host names case-insensitively and ignores ports', async () => {
    const result = await fetchResource({ url: `http://LocalHost:${origin.port}/`, allowedHosts: ['localhost:8443'] }, createTestPolicy());
    expect(result).toMatchObject({ status: 'ok', text: 'home' });
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/file', 'not a url'])('refuses %s', async (url) => {
    const err = await captureFetchError(fetchResource({ url, allowedHosts: ['127.0.0.1', ''] }, createTestPolicy()));
    expect(err).toMatchObject({ kind: 'policy', permanent: true });
  });

  it('refuses a redirect to another scheme', async () => {
    redirectTo('/to-file', 'file:///etc/passwd');
    const err = await captureFetchError(fetchResource({ url: `${origin.origin}/to-file`, allowedHosts: ['127.0.0.1'] }, createTestPolicy()));
    expect(err.kind).toBe('policy');
    expect(err.message).toContain('only http and https');
  });
});

describe('private addresses', () => {
  it('refuses a loopback address outside the allowed CIDRs, with no request reaching it', async () => {
    const before = other.requests.length;
    const err = await captureFetchError(fetchResource({ url: `${other.origin}/`, allowedHosts: ['127.0.0.2'] }, createTestPolicy()));
    expect(err).toMatchObject({ kind: 'policy', permanent: true, url: `${other.origin}/` });
    expect(err.message).toBe(`${other.origin}/: refused to connect to loopback address 127.0.0.2`);
    expect(other.requests.length).toBe(before);
  });

  it('checks every redirect hop against the address policy', async () => {
    redirectTo('/inside', `${other.origin}/`);
    const before = other.requests.length;
    const err = await captureFetchError(fetchResource({ url: `${origin.origin}/inside`, allowedHosts: ['127.0.0.1', '127.0.0.2'] }, createTestPolicy()));
    expect(err.kind).toBe('policy');
    expect(other.requests.length).toBe(before);
  });

  it('refuses 127.0.0.1 when private networks are not allowed', async () => {
    const before = origin.requests.length;
    const policy = createTestPolicy({ allowPrivateNetworks: false });
    const err = await captureFetchError(fetchResource({ url: `${origin.origin}/`, allowedHosts: ['127.0.0.1'] }, policy));
    expect(err).toMatchObject({ kind: 'policy', permanent: true });
    expect(origin.requests.length).toBe(before);
  });

  it('checks the address a host name resolves to, not just literals', async () => {
    const before = origin.requests.length;
    const url = `http://localhost:${origin.port}/`;
    const refused = await captureFetchError(fetchResource({ url, allowedHosts: ['localhost'] }, createTestPolicy({ allowPrivateNetworks: false })));
    expect(refused).toMatchObject({ kind: 'policy', permanent: true });
    expect(refused.message).toContain('localhost resolves to loopback address');
    expect(origin.requests.length).toBe(before);

    // The same name is fetched when its address is inside the allowed CIDRs.
    await expect(fetchResource({ url, allowedHosts: ['localhost'] }, createTestPolicy())).resolves.toMatchObject({ status: 'ok', text: 'home' });
  });

  it('never reuses a connection kept open under a policy that allowed its address for one that refuses it', async () => {
    const url = `http://localhost:${origin.port}/`;
    await expect(fetchResource({ url, allowedHosts: ['localhost'] }, createTestPolicy())).resolves.toMatchObject({ status: 'ok', text: 'home' });
    const before = origin.requests.length;
    const refused = await captureFetchError(fetchResource({ url, allowedHosts: ['localhost'] }, createTestPolicy({ allowPrivateNetworks: false })));
    expect(refused.message).toContain('localhost resolves to loopback address');
    expect(origin.requests.length).toBe(before);
  });

  it('allows every private address when allowPrivateNetworks is true', async () => {
    const result = await fetchResource({ url: `${other.origin}/`, allowedHosts: ['127.0.0.2'] }, createTestPolicy({ allowPrivateNetworks: true }));
    expect(result).toMatchObject({ status: 'ok', text: 'secret' });
  });

  it.each(['[::1]', '[::ffff:127.0.0.2]', '[::ffff:7f00:2]', '[64:ff9b::a00:1]', '0x7f.0.0.2', '2130706434'])(
    'refuses the IP literal %s',
    async (host) => {
      const url = `http://${host}:${other.port}/`;
      const hostname = new URL(url).hostname;
      const before = other.requests.length;
      const err = await captureFetchError(fetchResource({ url, allowedHosts: [hostname] }, createTestPolicy()));
      expect(err).toMatchObject({ kind: 'policy', permanent: true });
      expect(err.message).toMatch(/refused to connect to (loopback|private) address/);
      expect(other.requests.length).toBe(before);
    },
  );
});

describe('classifyAddress', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.178.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00::2', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:c0a8:0101::1', 'private'],
    ['255.255.255.255', 'reserved'],
    ['2001:db8::1', 'reserved'],
  ])('%s is %s', (address, range) => {
    expect(classifyAddress(address)).toBe(range);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2a00:1450:4001:82b::200e', '::ffff:8.8.8.8', '2002:0808:0808::1'])(
    '%s is public',
    (address) => {
      expect(classifyAddress(address)).toBeUndefined();
    },
  );
});

describe('allowPrivateNetworks as CIDRs', () => {
  it('lets through only the private addresses inside the listed networks', () => {
    const guard = createAddressGuard(['10.0.0.0/8', 'fd00::/8', '127.0.0.1']);
    expect(guard('10.20.30.40')).toBeUndefined();
    expect(guard('::ffff:10.20.30.40')).toBeUndefined();
    expect(guard('fd12::1')).toBeUndefined();
    expect(guard('127.0.0.1')).toBeUndefined();
    expect(guard('127.0.0.2')).toEqual({ address: '127.0.0.2', range: 'loopback' });
    expect(guard('192.168.0.1')).toEqual({ address: '192.168.0.1', range: 'private' });
    expect(guard('93.184.216.34')).toBeUndefined();
  });

  it('fills defaults and normalizes bare addresses', () => {
    const policy = createFetchPolicy({ userAgent: TEST_USER_AGENT, allowPrivateNetworks: ['127.0.0.1', '::1'] });
    expect(policy).toEqual({
      userAgent: TEST_USER_AGENT,
      allowPrivateNetworks: ['127.0.0.1/32', '::1/128'],
      maxBytes: 15 * 1024 * 1024,
      maxRedirects: 5,
      connectTimeoutMs: 10_000,
      totalTimeoutMs: 20_000,
    });
    expect(createFetchPolicy({ userAgent: TEST_USER_AGENT }).allowPrivateNetworks).toBe(false);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', 'intranet', '10.0.0.0/8/1', '10.0.0/8', '10.0.0.0/abc'])('names the bad CIDR %s', (cidr) => {
    expect(() => createFetchPolicy({ userAgent: TEST_USER_AGENT, allowPrivateNetworks: ['127.0.0.1/32', cidr] })).toThrow(
      `fetch policy: allowPrivateNetworks: "${cidr}" is not a valid CIDR`,
    );
  });

  it('rejects nonsensical limits', () => {
    expect(() => createFetchPolicy({ userAgent: TEST_USER_AGENT, maxBytes: 0 })).toThrow('maxBytes');
    expect(() => createFetchPolicy({ userAgent: TEST_USER_AGENT, totalTimeoutMs: -1 })).toThrow('totalTimeoutMs');
    expect(() => createFetchPolicy({ userAgent: ' ' })).toThrow('userAgent');
  });
});
