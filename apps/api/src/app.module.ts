import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule, GlobalAuthGuard } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { OutboxModule } from '@retailos/server/outbox';
import { QueueModule } from '@retailos/server/queue';
import { HealthController } from './health/health.controller';

/** Composes the contexts; no domain code lives here. */
@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule, OutboxModule],
  controllers: [HealthController],
  providers: [{ provide: APP_GUARD, useClass: GlobalAuthGuard }],
})
export class AppModule {}
