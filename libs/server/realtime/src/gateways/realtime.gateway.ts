import { Inject, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import {
  AppConfig,
  AUTHENTICATOR,
  DomainError,
  REQUEST_POLICIES,
  type Authenticator,
  type RequestPolicy,
} from '@retailos/server/core';
import { closeRedis, createRedis } from '@retailos/server/queue';
import { API_KEY_REVOKED_CHANNEL, type ApiKeyRevokedMessage, type Principal } from '@retailos/shared/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type IORedis from 'ioredis';
import type { Server, Socket } from 'socket.io';
import { parseCookies, roomsFor, socketIoKey } from '../services/realtime-rooms';

interface SocketData {
  principal: Principal;
  credentials: { authorization?: string; cookie?: string; ip: string };
}

/**
 * `/ws`: Socket.IO on the api's HTTP server. The handshake is authenticated by the same Authenticator as HTTP
 * (API key in `auth.token`, or the session cookie); the socket joins its workspace room and one room per readable
 * scope. Events arrive from the worker through the Redis adapter, so every api copy relays them.
 */
@WebSocketGateway({ path: '/ws', cors: { origin: true, credentials: true } })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnApplicationShutdown {
  private readonly logger = new Logger('RealtimeGateway');
  @WebSocketServer() private server?: Server;
  private readonly redis: IORedis[] = [];
  private revalidateTimer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(AUTHENTICATOR) private readonly authenticator?: Authenticator,
    @Optional() @Inject(REQUEST_POLICIES) private readonly policies: RequestPolicy[] = [],
  ) {}

  afterInit(server: Server): void {
    const pub = createRedis(this.config.REDIS_URL);
    const sub = pub.duplicate();
    this.redis.push(pub, sub);
    // ioredis reconnects by itself; without a listener every outage would also print an unhandled-error warning.
    for (const c of [pub, sub])
      c.on('error', (err: Error) => this.logger.debug(`socket fan-out redis: ${err.message}`));
    server.adapter(createAdapter(pub, sub, { key: socketIoKey(this.config.REDIS_PREFIX) }));
    server.use((socket, next) => {
      this.authenticateHandshake(socket).then(
        () => next(),
        (err: unknown) => {
          const e = new Error(err instanceof DomainError ? err.message : 'Authentication failed.') as Error & {
            data: unknown;
          };
          e.data = { code: err instanceof DomainError ? err.code : 'unauthenticated' };
          next(e);
        },
      );
    });
    // 0 turns the periodic re-check off; key revocations still arrive at once through Redis (listenForRevocations).
    if (this.config.REALTIME_REVALIDATE_MS > 0) {
      this.revalidateTimer = setInterval(() => void this.revalidateAll(), this.config.REALTIME_REVALIDATE_MS);
      this.revalidateTimer.unref();
    }
    this.listenForRevocations();
  }

  handleConnection(socket: Socket): void {
    const data = socket.data as SocketData | undefined;
    if (!data?.principal) {
      socket.disconnect(true);
      return;
    }
    void socket.join(roomsFor(data.principal));
    socket.emit('ready', { workspaceId: data.principal.workspaceId, rooms: roomsFor(data.principal).length });
  }

  /** After Nest has closed the Socket.IO server (and with it the adapter), so no command hits a closed client. */
  async onApplicationShutdown(): Promise<void> {
    if (this.revalidateTimer) clearInterval(this.revalidateTimer);
    await Promise.all(this.redis.map((r) => closeRedis(r)));
  }

  private async authenticateHandshake(socket: Socket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const credentials: SocketData['credentials'] = {
      authorization: typeof token === 'string' && token !== '' ? `Bearer ${token}` : undefined,
      cookie: socket.handshake.headers.cookie,
      ip: this.clientIp(socket),
    };
    // A cookie rides along on a cross-site handshake too: treat it like a state-changing request, so the same
    // policies (CSRF double submit for sessions) apply; the client passes `auth: { csrf }`.
    const csrf = (socket.handshake.auth as { csrf?: unknown } | undefined)?.csrf;
    const request = this.fakeRequest(credentials, 'POST', typeof csrf === 'string' ? { 'x-csrf-token': csrf } : {});
    // Same limits as HTTP: bad tokens count per IP (429 once spent), a workspace over its quota gets 429 too.
    const principal = this.authenticator ? await this.authenticator.authenticate(request) : null;
    for (const policy of this.policies ?? [])
      await policy.enforce(request, {} as FastifyReply, principal, principal === null);
    if (!principal) throw new DomainError('unauthenticated', 'Authentication is required.', 401);
    socket.data = { principal, credentials } satisfies SocketData;
  }

  /** The client address as HTTP sees it: behind a trusted proxy, the left-most X-Forwarded-For (per-IP limits). */
  private clientIp(socket: Socket): string {
    const forwarded = socket.handshake.headers['x-forwarded-for'];
    const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
    return this.config.TRUST_PROXY && first ? first : socket.handshake.address;
  }

  private fakeRequest(
    c: SocketData['credentials'],
    method: string,
    extra: Record<string, string> = {},
  ): FastifyRequest {
    const headers: Record<string, string> = { ...extra };
    if (c.authorization) headers['authorization'] = c.authorization;
    if (c.cookie) headers['cookie'] = c.cookie;
    return { headers, cookies: parseCookies(c.cookie), ip: c.ip, method, url: '/ws' } as unknown as FastifyRequest;
  }

  /** The Authenticator reads Fastify requests; a socket's handshake carries the same credentials. */
  private async resolve(c: SocketData['credentials']): Promise<Principal | null> {
    if (!this.authenticator) return null;
    return this.authenticator.authenticate(this.fakeRequest(c, 'GET'));
  }

  /** Re-checks every live socket's credentials: a revoked key or an ended session is disconnected. */
  async revalidateAll(): Promise<number> {
    if (!this.server) return 0;
    let dropped = 0;
    // Many sockets often share one key or session: check each credential once per pass.
    const verdicts = new Map<string, Promise<Principal | null>>();
    for (const socket of this.server.of('/').sockets.values()) {
      const data = socket.data as SocketData | undefined;
      if (!data?.credentials) continue;
      const key = `${data.credentials.authorization ?? ''}\0${data.credentials.cookie ?? ''}`;
      let verdict = verdicts.get(key);
      if (!verdict) {
        verdict = this.resolve(data.credentials).catch(() => null);
        verdicts.set(key, verdict);
      }
      const principal = await verdict;
      if (!principal || principal.workspaceId !== data.principal.workspaceId) {
        socket.emit('revoked', { code: 'credentials_revoked' });
        socket.disconnect(true);
        dropped++;
      }
    }
    return dropped;
  }

  private listenForRevocations(): void {
    const listener = createRedis(this.config.REDIS_URL);
    listener.on('error', (err: Error) => this.logger.debug(`revocation listener redis: ${err.message}`));
    this.redis.push(listener);
    const channel = `${this.config.REDIS_PREFIX}:${API_KEY_REVOKED_CHANNEL}`;
    listener
      .subscribe(channel)
      .catch((err: unknown) => this.logger.warn(`revocation channel unavailable: ${(err as Error).message}`));
    listener.on('message', (_channel: string, message: string) => {
      let msg: ApiKeyRevokedMessage;
      try {
        msg = JSON.parse(message) as ApiKeyRevokedMessage;
      } catch {
        return;
      }
      for (const socket of this.server?.of('/').sockets.values() ?? []) {
        const data = socket.data as SocketData | undefined;
        if (data?.principal.apiKeyId === msg.apiKeyId) {
          socket.emit('revoked', { code: 'credentials_revoked' });
          socket.disconnect(true);
        }
      }
    });
  }
}
