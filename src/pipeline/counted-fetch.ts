/**
 * fetchResource, counted per source and status class (`hessenfeed_fetch_total`) when the
 * pipeline has a metrics recorder. Every fetch the pipeline makes goes through here, so the
 * counts are complete: feeds, listing pages and articles, successes and failures alike.
 */
import { fetchResource, HostBusyError, type FetchPolicy, type FetchRequest, type FetchResult, type HostGate } from '../fetch/index.js';
import { statusClass, type MetricsRecorder } from '../metrics/index.js';

export interface CountedFetchDeps {
  fetchPolicy: FetchPolicy;
  gate: HostGate;
  metrics?: MetricsRecorder;
}

export async function fetchCounted(deps: CountedFetchDeps, sourceId: string, req: FetchRequest): Promise<FetchResult> {
  let res: FetchResult;
  try {
    res = await fetchResource(req, deps.fetchPolicy, deps.gate);
  } catch (err) {
    // A busy host was not asked at all: nothing to count.
    if (!(err instanceof HostBusyError)) deps.metrics?.recordFetch(sourceId, statusClass(err));
    throw err;
  }
  deps.metrics?.recordFetch(sourceId, statusClass(res));
  return res;
}
