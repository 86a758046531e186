import { createFetchPolicy, FetchError, type FetchPolicy } from '../src/fetch/index.js';

export const TEST_USER_AGENT = 'hessenfeed/0.0.0-test (+https://github.com/hessenfeed/hessenfeed)';

/** The fixture servers listen on 127.0.0.1; only that one private address is let through. */
export function createTestPolicy(overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return createFetchPolicy({ userAgent: TEST_USER_AGENT, allowPrivateNetworks: ['127.0.0.1/32'], ...overrides });
}

/** Awaits a fetch that must fail and returns its FetchError (fails the test on anything else). */
export async function captureFetchError(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw new Error(`expected a FetchError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected the fetch to fail, but it succeeded');
}
