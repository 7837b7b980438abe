/**
 * The web console's static files under `/console/` (only with
 * `--console`): the page, its script and stylesheet, and uPlot's under
 * `vendor/`. They hold no data, so they need no token; everything the
 * page shows it asks for with the bearer token the user gives it. Only the
 * fixed names of {@link consoleAssets} are served (no path from the URL
 * reaches the file system); each is read once, on its first request, and
 * revalidated by ETag. The answers forbid framing, inline scripts and
 * connections to other origins (Content-Security-Policy) and never send a
 * Referer.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleAsset } from '../console/assets.js';

/** The console page's Content-Security-Policy: its own scripts, styles and API only. */
export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Loaded {
  readonly body: Buffer;
  readonly etag: string;
}

/** Registers `/console` (a redirect to `/console/`), `/console/` (the page) and each asset under `/console/`. */
export function consolePageRoutes(app: FastifyInstance, assets: ReadonlyMap<string, ConsoleAsset>): void {
  const loaded = new Map<string, Promise<Loaded>>();
  const load = (asset: ConsoleAsset): Promise<Loaded> => {
    let entry = loaded.get(asset.file);
    if (!entry) {
      entry = readFile(asset.file).then((body) => ({ body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }));
      // a failed read is tried again on the next request
      entry.catch(() => loaded.delete(asset.file));
      loaded.set(asset.file, entry);
    }
    return entry;
  };
  const serve =
    (asset: ConsoleAsset) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const { body, etag } = await load(asset);
      reply
        .header('cache-control', 'no-cache')
        .header('etag', etag)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('x-frame-options', 'DENY')
        .header('content-security-policy', CONSOLE_CSP);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(asset.contentType).send(body);
    };
  const options = { config: { public: true }, schema: { hide: true } };
  // relative, so the page also works behind a proxy that serves sgiod under a path prefix
  app.get('/console', options, (_request, reply) => reply.redirect('console/', 301));
  const index = assets.get('index.html');
  if (index) app.get('/console/', options, serve(index));
  for (const [name, asset] of assets) app.get(`/console/${name}`, options, serve(asset));
}
