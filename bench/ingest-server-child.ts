/**
 * Child process of the ingest bench: serves every host of the layout given as its argument
 * (JSON), reports the origins to its parent, and exits when the parent disconnects (or dies).
 */
import type { SiteLayout } from './ingest-sites.js';
import { serveSites, type SitesReadyMessage } from './ingest-server.js';

const layout = JSON.parse(process.argv[2] ?? '{}') as SiteLayout;
const sites = await serveSites(layout);
process.once('disconnect', () => {
  void sites.close().then(() => process.exit(0));
});
process.send?.({ origins: sites.origins } satisfies SitesReadyMessage);
