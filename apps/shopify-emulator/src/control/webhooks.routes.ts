// Config-level webhook subscriptions, the delivery log and waiting for deliveries to settle.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { addConfigSubscriptions, listSubscriptions, validateUri } from '../store/webhook-subscriptions.domain';
import { toGid } from '../util/gid';
import { body, ControlError, sendJson, shopParam } from './control-util';
import { optionalDuration, optionalStringArray, requiredString, stringOrStringArray } from './control-body';

export function registerWebhookRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post('/_emulator/shops/:shop/webhooks', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const clientId = requiredString(b, 'clientId');
    if (!emulator.apps.has(clientId)) throw new ControlError(400, `Unknown app ${clientId}`, 'clientId');
    const topics = typeof b['topic'] === 'string' ? [b['topic']] : stringOrStringArray(b, 'topics');
    if (topics.length === 0) throw new ControlError(400, 'topic or topics is required', 'topic');
    const uriErrors = validateUri(b['uri']);
    if (uriErrors.length > 0) throw new ControlError(400, uriErrors.map((e) => e.message).join('; '), 'uri');
    const subs = addConfigSubscriptions(
      shop,
      clientId,
      topics,
      String(b['uri']),
      optionalStringArray(b, 'includeFields') ?? [],
    );
    return sendJson(
      reply,
      201,
      subs.map((s) => ({ id: toGid('WebhookSubscription', s.id), topic: s.topic, uri: s.uri })),
    );
  });

  app.get('/_emulator/shops/:shop/webhooks', async (req, reply) => {
    const shop = shopParam(emulator, req);
    return sendJson(
      reply,
      200,
      listSubscriptions(shop).map((s) => ({
        id: toGid('WebhookSubscription', s.id),
        clientId: s.clientId,
        topic: s.topic,
        uri: s.uri,
        source: s.source,
        consecutiveFailures: s.consecutiveFailures,
      })),
    );
  });

  app.get('/_emulator/shops/:shop/deliveries', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const q = req.query as Record<string, string>;
    const list = emulator.delivery
      .deliveries(shop.domain)
      .filter((d) => (!q['topic'] || d.topic === q['topic']) && (!q['status'] || d.status === q['status']));
    return sendJson(reply, 200, list);
  });

  app.delete('/_emulator/shops/:shop/deliveries', async (req, reply) => {
    emulator.delivery.clearLog(shopParam(emulator, req).domain);
    return sendJson(reply, 200, { cleared: true });
  });

  app.post('/_emulator/webhooks/wait-idle', async (req, reply) => {
    const timeoutMs = optionalDuration(body(req), 'timeoutMs') ?? 10_000;
    const idle = await emulator.delivery.waitIdle(timeoutMs);
    return sendJson(reply, idle ? 200 : 408, { idle, pending: emulator.delivery.pending() });
  });
}
