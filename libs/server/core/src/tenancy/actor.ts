import type { Principal } from '@retailos/shared/contracts';

/** Who did it, as recorded in ledgers and history: `api_key:<id>`, `user:<id>`. */
export function actorOf(principal: Principal): string {
  if (principal.apiKeyId) return `api_key:${principal.apiKeyId}`;
  if (principal.userId) return `user:${principal.userId}`;
  return principal.kind;
}
