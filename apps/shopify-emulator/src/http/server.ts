import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { ShopNameError } from '../emulator';
import { registerGraphQLRoutes } from './graphql.routes';
import { registerOAuthRoutes } from '../oauth/oauth.routes';
import { registerControlRoutes } from '../control/control.routes';
import { ControlError, sendProblem } from '../control/control-util';

export function buildServer(emulator: Emulator): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
  // OAuth forms post urlencoded bodies; keep them as a flat record.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, text, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(text))));
  });
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof ControlError) return sendProblem(reply, err.status, err.message, err.field);
    if (err instanceof ShopNameError) return sendProblem(reply, 400, err.message);
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return reply.code(status).send({ errors: (err as Error).message });
    return reply.code(500).send({ errors: 'Internal Server Error', detail: (err as Error).message });
  });
  registerGraphQLRoutes(app, emulator);
  registerOAuthRoutes(app, emulator);
  registerControlRoutes(app, emulator);
  return app;
}
