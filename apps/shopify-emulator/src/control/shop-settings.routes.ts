// Per-shop throttle and fault-injection settings.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { FaultSettings, ThrottleSettings } from '../store/store.types';
import { DEFAULT_FAULTS } from '../store/store.types';
import { body, ControlError, sendJson, shopParam } from './control-util';
import { fieldName } from './control-body';

const FAULT_KEYS = Object.keys(DEFAULT_FAULTS) as Array<keyof FaultSettings>;

export function parseFaults(b: Record<string, unknown>, path?: string): Partial<FaultSettings> {
  const out: Partial<FaultSettings> = {};
  for (const [k, v] of Object.entries(b)) {
    const field = fieldName(k, path);
    if (!FAULT_KEYS.includes(k as keyof FaultSettings))
      throw new ControlError(400, `Unknown fault ${k}; known: ${FAULT_KEYS.join(', ')}`, field);
    if (k === 'outage') {
      if (typeof v !== 'boolean') throw new ControlError(400, `${field} must be a boolean`, field);
    } else if (typeof v !== 'number' || v < 0 || (k.endsWith('Rate') && v > 1)) {
      throw new ControlError(
        400,
        `${field} must be a number${k.endsWith('Rate') ? ' between 0 and 1' : ' >= 0'}`,
        field,
      );
    }
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export function parseThrottle(t: Record<string, unknown> | undefined, path?: string): Partial<ThrottleSettings> {
  const out: Partial<ThrottleSettings> = {};
  for (const k of ['maximumAvailable', 'restoreRate'] as const) {
    const v = t?.[k];
    if (v === undefined) continue;
    const field = fieldName(k, path);
    if (typeof v !== 'number' || v <= 0) throw new ControlError(400, `${field} must be a positive number`, field);
    out[k] = v;
  }
  return out;
}

export function registerShopSettingsRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.get('/_emulator/shops/:shop/throttle', async (req, reply) =>
    sendJson(reply, 200, shopParam(emulator, req).throttle),
  );

  app.put('/_emulator/shops/:shop/throttle', async (req, reply) => {
    const shop = shopParam(emulator, req);
    emulator.setThrottle(shop, parseThrottle(body(req)));
    return sendJson(reply, 200, shop.throttle);
  });

  app.get('/_emulator/shops/:shop/faults', async (req, reply) => sendJson(reply, 200, shopParam(emulator, req).faults));

  app.put('/_emulator/shops/:shop/faults', async (req, reply) => {
    const shop = shopParam(emulator, req);
    shop.setFaults(parseFaults(body(req)));
    return sendJson(reply, 200, shop.faults);
  });

  app.delete('/_emulator/shops/:shop/faults', async (req, reply) => {
    const shop = shopParam(emulator, req);
    shop.setFaults({ ...DEFAULT_FAULTS });
    return sendJson(reply, 200, shop.faults);
  });
}
