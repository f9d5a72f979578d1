import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator';
import { handleGraphQL } from '../graphql/graphql-handler';
import type { GraphQLRequestBody } from '../graphql/graphql-handler';
import { shopFromRequest } from './shop-resolution';
import { sleep } from '../util/time';

export const SUPPORTED_VERSIONS = ['2025-01', '2025-04', '2025-07', '2025-10', '2026-01', '2026-04', 'unstable'];

export function registerGraphQLRoutes(app: FastifyInstance, emulator: Emulator): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const shop = shopFromRequest(emulator, req);
    if (!shop) return reply.code(404).send({ errors: 'Not Found' });
    const { version } = req.params as { version: string };
    if (!SUPPORTED_VERSIONS.includes(version)) return reply.code(404).send({ errors: 'Not Found' });
    const faults = shop.faults;
    if (faults.outage) return reply.code(503).header('retry-after', '1').send({ errors: 'Service Unavailable' });
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (shop.faultRng.chance(faults.graphqlErrorRate)) {
      const status = shop.faultRng.pick([500, 502, 503]);
      return reply.code(status).send({
        errors: status === 500 ? 'Internal Server Error' : status === 502 ? 'Bad Gateway' : 'Service Unavailable',
      });
    }
    const token = req.headers['x-shopify-access-token'];
    const auth = typeof token === 'string' ? emulator.tokens.get(token) : undefined;
    if (!auth || auth.shop !== shop.domain) {
      return reply
        .code(401)
        .send({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    const result = await handleGraphQL(
      {
        schema: emulator.schema,
        shop,
        clientId: auth.clientId,
        apiVersion: version === 'unstable' ? '9999-99' : version,
        bucket: emulator.bucketFor(shop, auth.clientId),
        sink: emulator.delivery,
        bulk: emulator.bulk,
      },
      (req.body ?? {}) as GraphQLRequestBody,
    );
    return reply
      .code(result.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(result.body));
  };
  app.post('/admin/api/:version/graphql.json', handler);
  app.post('/shops/:shop/admin/api/:version/graphql.json', handler);
}
