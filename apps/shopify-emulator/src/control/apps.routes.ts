// Registered apps (client id/secret, scopes, OAuth auto-approval).
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { body, sendJson } from './control-util';
import { optionalBoolean, optionalString, optionalStringArray } from './control-body';

export function registerAppRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post('/_emulator/apps', async (req, reply) => {
    const b = body(req);
    const created = emulator.registerApp({
      clientId: optionalString(b, 'clientId'),
      clientSecret: optionalString(b, 'clientSecret'),
      name: optionalString(b, 'name'),
      scopes: optionalStringArray(b, 'scopes'),
      autoApprove: optionalBoolean(b, 'autoApprove'),
    });
    return sendJson(reply, 201, created);
  });

  app.get('/_emulator/apps', async (_req, reply) => sendJson(reply, 200, [...emulator.apps.values()]));
}
