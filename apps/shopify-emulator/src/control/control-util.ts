import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator';
import type { ShopState } from '../store/shop-state';
import { idFrom } from '../util/gid';

/** A control-API failure; `field` names the body field at fault (dotted for nested ones). */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
};

/** problem+json; `error` repeats `detail` for clients written against the earlier `{error}` body. */
export function sendProblem(reply: FastifyReply, status: number, detail: string, field?: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send({
      type: 'about:blank',
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      ...(field === undefined ? {} : { field }),
      error: detail,
    });
}

export function shopParam(emulator: Emulator, req: FastifyRequest): ShopState {
  const { shop } = req.params as { shop: string };
  const found = emulator.getShop(shop);
  if (!found) throw new ControlError(404, `Unknown shop ${shop}`);
  return found;
}

/** The JSON body as an object (none counts as empty); anything else is a 400. */
export function body(req: FastifyRequest): Record<string, unknown> {
  const b: unknown = req.body ?? {};
  if (typeof b !== 'object' || b === null || Array.isArray(b))
    throw new ControlError(400, 'body must be a JSON object');
  return b as Record<string, unknown>;
}

export function requireId(value: unknown, type: string, name: string): bigint {
  const id = idFrom(value, type);
  if (id === null) throw new ControlError(400, `${name} must be a ${type} GID or numeric id`, name);
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
    .send(
      JSON.stringify(value, (_k, v: unknown) =>
        typeof v === 'bigint' ? v.toString() : v instanceof Map ? Object.fromEntries(v as Map<string, unknown>) : v,
      ),
    );
}
