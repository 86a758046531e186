/** The JSON API: items with the feed filters and paging, ministries, tags and sources. */
import type { FastifyInstance } from 'fastify';
import { itemLink, itemLinks, type Item } from '../../model/index.js';
import { entryIdFor, FEED_EXTENSION, FEED_FORMATS, filterQuery, withQuery } from '../../publish/index.js';
import { InvalidCursorError } from '../../store/index.js';
import { baseUrlFor } from '../base-url.js';
import type { WebContext } from '../context.js';
import { badParameter } from '../problem.js';
import { parseFilter, type RawQuery } from '../query.js';

function feedLinks(baseUrl: string, path: string): Record<string, string> {
  return Object.fromEntries(FEED_FORMATS.map((format) => [format, `${baseUrl}${path}.${FEED_EXTENSION[format]}`]));
}

function itemJson(item: Item, ministryNames: Map<string, string>) {
  return {
    id: item.id,
    entry_id: entryIdFor(item.id),
    title: item.title,
    url: itemLink(item),
    urls: itemLinks(item),
    ministry: item.ministryId ? { id: item.ministryId, name: ministryNames.get(item.ministryId) ?? item.ministryId } : null,
    dateline: item.dateline ?? null,
    tags: item.tags,
    published: item.published,
    updated: item.updated,
    summary: item.summary ?? null,
    content_html: item.contentHtml,
    image_url: item.imageUrl ?? null,
    sources: item.sources,
  };
}

export async function apiRoutes(server: FastifyInstance, ctx: WebContext): Promise<void> {
  const ministryIds = ctx.config.ministries.map((m) => m.id);
  const ministryNames = new Map(ctx.config.ministries.map((m) => [m.id, m.name]));

  server.get('/api/items', async (request) => {
    const filter = parseFilter(request.query as RawQuery, ministryIds);
    const baseUrl = baseUrlFor(request, ctx.env.publicUrl);
    const page = await ctx.store.query(filter).catch((err: unknown) => {
      if (err instanceof InvalidCursorError) throw badParameter('before', 'is not a cursor this server issued; use the "next" value of the previous page');
      throw err;
    });
    return {
      items: page.items.map((item) => itemJson(item, ministryNames)),
      next: page.next ?? null,
      next_url: page.next ? baseUrl + withQuery('/api/items', filterQuery({ ...filter, before: page.next })) : null,
    };
  });

  server.get('/api/ministries', async (request) => {
    const baseUrl = baseUrlFor(request, ctx.env.publicUrl);
    const counts = await ctx.store.ministryCounts();
    return ctx.config.ministries.map((m) => ({
      id: m.id,
      name: m.name,
      short_name: m.shortName,
      count: counts[m.id] ?? 0,
      feeds: feedLinks(baseUrl, `/ministries/${m.id}`),
    }));
  });

  server.get('/api/tags', async (request) => {
    const baseUrl = baseUrlFor(request, ctx.env.publicUrl);
    const tags = await ctx.store.listTags();
    return tags.map((t) => ({ label: t.label, slug: t.slug, count: t.count, feeds: feedLinks(baseUrl, `/tags/${encodeURIComponent(t.slug)}`) }));
  });

  server.get('/api/sources', async () => {
    const states = await ctx.store.listSourceStates(ctx.config.sources.map((s) => s.id));
    return ctx.config.sources.map((source, i) => {
      const state = states[i]!;
      return {
        id: source.id,
        name: source.name,
        url: source.url,
        type: source.type,
        ministry: source.ministry ?? null,
        last_poll: state.lastPollAt ?? null,
        last_success: state.lastSuccessAt ?? null,
        last_error: state.lastError?.message ?? null,
        last_error_at: state.lastError?.at ?? null,
        consecutive_failures: state.consecutiveFailures,
        items: state.itemsSeen,
      };
    });
  });
}
