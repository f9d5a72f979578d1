import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { IdempotencyInterceptor, REPLAY, type RequestWithReplay } from './idempotency.interceptor';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyStore } from './idempotency.service';
import { idempotencyEntities } from './entities';

/**
 * Applies the Idempotency-Key interceptor to every POST of the app that imports it. A replay must answer with the
 * stored status, which Nest would overwrite with the route's own; an onSend hook puts the stored answer back.
 */
@Module({
  imports: [MikroOrmModule.forFeature(idempotencyEntities)],
  providers: [IdempotencyRepository, IdempotencyStore, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class IdempotencyModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.addHook !== 'function') return;
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const replay = (request as RequestWithReplay)[REPLAY];
      if (!replay) return done(null, payload);
      void reply.code(replay.status).header('content-type', replay.contentType).header('idempotent-replayed', 'true');
      done(null, replay.body);
    });
  }
}
