import { API_SCOPES, readScopeForTopic, type Principal } from '@retailos/shared/contracts';

/** Redis key prefix shared by the api's Socket.IO adapter and the worker's emitter (must match exactly). */
export function socketIoKey(redisPrefix: string): string {
  return `${redisPrefix}:socket.io`;
}

export function workspaceRoom(workspaceId: string): string {
  return `ws:${workspaceId}`;
}

/** Sockets join one room per readable scope, so an event is emitted only to keys allowed to read its topic. */
export function scopeRoom(workspaceId: string, scope: string): string {
  return `ws:${workspaceId}:${scope}`;
}

export function roomsFor(principal: Principal): string[] {
  const all = principal.scopes.includes('*');
  const readable = API_SCOPES.filter((s) => s.endsWith(':read') && (all || principal.scopes.includes(s)));
  return [workspaceRoom(principal.workspaceId), ...readable.map((s) => scopeRoom(principal.workspaceId, s))];
}

/** The room an event goes to; null when no reader scope covers the topic (it is not relayed). */
export function roomForEvent(workspaceId: string, topic: string): string | null {
  const scope = readScopeForTopic(topic);
  return scope ? scopeRoom(workspaceId, scope) : null;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    const raw = part
      .slice(i + 1)
      .trim()
      .replace(/^"|"$/g, '');
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}
