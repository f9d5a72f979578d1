import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator';
import type { ShopState } from '../store/shop-state';
import { idFrom } from '../util/gid';

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function shopParam(emulator: Emulator, req: FastifyRequest): ShopState {
  const { shop } = req.params as { shop: string };
  const found = emulator.getShop(shop);
  if (!found) throw new ControlError(404, `Unknown shop ${shop}`);
  return found;
}

export function body(req: FastifyRequest): Record<string, unknown> {
  return (req.body ?? {}) as Record<string, unknown>;
}

export function requireId(value: unknown, type: string, name: string): bigint {
  const id = idFrom(value, type);
  if (id === null) throw new ControlError(400, `${name} must be a ${type} GID or numeric id`);
  return id;
}

export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ControlError(404, `${what} not found`);
  return value;
}

/** JSON with bigint ids as strings (control API consumers are tests and tools, not Shopify clients). */
export function sendJson(reply: FastifyReply, status: number, value: unknown): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Map ? Object.fromEntries(v as Map<string, unknown>) : v)));
}
