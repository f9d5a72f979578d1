// Shops are addressed either by path prefix (/shops/<shop>.myshopify.com/admin/...) or by the Host
// header on the plain /admin/... paths.
import type { FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator';
import type { ShopState } from '../store/shop-state';

export function shopFromRequest(emulator: Emulator, req: FastifyRequest): ShopState | undefined {
  const params = req.params as { shop?: string };
  if (params.shop) return emulator.getShop(params.shop);
  const host = (req.headers['x-forwarded-host'] ?? req.headers.host ?? '').toString().split(':')[0] ?? '';
  if (!host.endsWith('.myshopify.com')) return undefined;
  return emulator.getShop(host);
}
