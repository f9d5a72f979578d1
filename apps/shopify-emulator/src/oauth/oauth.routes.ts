// OAuth authorization-code grant as Shopify runs it: an approval page (or auto-approve), a redirect
// carrying code/hmac/host/shop/state/timestamp signed with the app secret (hex HMAC-SHA256 over the
// sorted query), and a one-time code exchange for an offline token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator';
import { shopFromRequest } from '../http/shop-resolution';

const CODE_TTL_MS = 10 * 60 * 1000;

/**
 * The message Shopify signs: every decoded param but hmac/signature, keys sorted, re-encoded as a
 * query string (k=v joined with &) with spaces as %20.
 */
export function oauthMessage(params: Record<string, string>): string {
  const signed = new URLSearchParams(params);
  signed.delete('hmac');
  signed.delete('signature');
  signed.sort();
  return signed.toString().replace(/\+/g, '%20');
}

export function signOAuthParams(params: Record<string, string>, secret: string): string {
  return createHmac('sha256', secret).update(oauthMessage(params)).digest('hex');
}

export function verifyOAuthParams(params: Record<string, string>, secret: string): boolean {
  const given = Buffer.from(params['hmac'] ?? '', 'utf8');
  const expected = Buffer.from(signOAuthParams(params, secret), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function registerOAuthRoutes(app: FastifyInstance, emulator: Emulator): void {
  const redirectWithCode = (reply: FastifyReply, shopDomain: string, q: Record<string, string>) => {
    const app = emulator.apps.get(q['client_id'] ?? '');
    if (!app) return reply.code(400).type('text/plain').send('Oauth error invalid_request: The client_id is invalid');
    const code = randomBytes(16).toString('hex');
    const scopes = (q['scope'] ?? app.scopes.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    emulator.oauthCodes.set(code, {
      shop: shopDomain,
      clientId: app.clientId,
      scopes,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    const params: Record<string, string> = {
      code,
      host: Buffer.from(`${shopDomain}/admin`).toString('base64').replace(/=+$/, ''),
      shop: shopDomain,
      timestamp: String(Math.floor(Date.now() / 1000)),
    };
    if (q['state'] !== undefined) params['state'] = q['state'];
    const query = new URLSearchParams(params);
    query.set('hmac', signOAuthParams(params, app.clientSecret));
    const target = q['redirect_uri'] ?? '/';
    const sep = target.includes('?') ? '&' : '?';
    return reply.redirect(`${target}${sep}${query.toString().replace(/\+/g, '%20')}`, 302);
  };

  const authorize = async (req: FastifyRequest, reply: FastifyReply) => {
    const shop = shopFromRequest(emulator, req);
    if (!shop) return reply.code(404).type('text/plain').send('Shop not found');
    const q = req.query as Record<string, string>;
    const app = emulator.apps.get(q['client_id'] ?? '');
    if (!app) return reply.code(400).type('text/plain').send('Oauth error invalid_request: The client_id is invalid');
    if (!q['redirect_uri'])
      return reply.code(400).type('text/plain').send('Oauth error invalid_request: The redirect_uri is missing');
    const auto = q['approve'] === '1' || (app.autoApprove && q['approve'] !== '0');
    if (auto) return redirectWithCode(reply, shop.domain, q);
    const hidden = Object.entries(q)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
    const prefix = (req.params as { shop?: string }).shop ? `/shops/${shop.domain}` : '';
    return reply
      .type('text/html')
      .send(
        `<!doctype html><html><head><title>Install ${escapeHtml(app.name)}</title></head><body style="font-family:sans-serif;max-width:40em;margin:4em auto">` +
          `<h1>Install ${escapeHtml(app.name)}?</h1><p>${escapeHtml(shop.domain)} (Shopify emulator)</p>` +
          `<p>Requested access: ${escapeHtml(q['scope'] ?? app.scopes.join(','))}</p>` +
          `<form method="post" action="${prefix}/admin/oauth/authorize">${hidden}<button type="submit" id="install">Install app</button></form>` +
          `</body></html>`,
      );
  };

  const approve = async (req: FastifyRequest, reply: FastifyReply) => {
    const shop = shopFromRequest(emulator, req);
    if (!shop) return reply.code(404).type('text/plain').send('Shop not found');
    return redirectWithCode(reply, shop.domain, (req.body ?? {}) as Record<string, string>);
  };

  const accessToken = async (req: FastifyRequest, reply: FastifyReply) => {
    const shop = shopFromRequest(emulator, req);
    if (!shop) return reply.code(404).send({ errors: 'Not Found' });
    const body = { ...(req.query as Record<string, string>), ...((req.body ?? {}) as Record<string, string>) };
    const app = emulator.apps.get(body['client_id'] ?? '');
    if (!app || app.clientSecret !== body['client_secret']) {
      return reply.code(400).send({ error: 'invalid_client', error_description: 'Client authentication failed' });
    }
    const grant = emulator.oauthCodes.get(body['code'] ?? '');
    // Codes are single use: delete before checking, so a replay always fails.
    emulator.oauthCodes.delete(body['code'] ?? '');
    if (!grant || grant.clientId !== app.clientId || grant.shop !== shop.domain || grant.expiresAt < Date.now()) {
      return reply.code(400).send({
        error: 'invalid_request',
        error_description: 'The authorization code was not found or was already used',
      });
    }
    const install = emulator.install(shop, app.clientId, grant.scopes);
    return reply.send({ access_token: install.accessToken, scope: install.scopes.join(',') });
  };

  for (const prefix of ['', '/shops/:shop']) {
    app.get(`${prefix}/admin/oauth/authorize`, authorize);
    app.post(`${prefix}/admin/oauth/authorize`, approve);
    app.post(`${prefix}/admin/oauth/access_token`, accessToken);
  }
}
