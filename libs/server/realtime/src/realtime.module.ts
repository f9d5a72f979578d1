import { Module, type DynamicModule } from '@nestjs/common';
import type { Ports } from '@retailos/server/core';
import { RealtimeGateway } from './gateways/realtime.gateway';
import { RealtimeBroadcastProcessor } from './processors/realtime-broadcast.processor';

/** Api: the `/ws` gateway. */
@Module({ providers: [RealtimeGateway], exports: [RealtimeGateway] })
export class RealtimeModule {
  /** `ports` export AUTHENTICATOR and REQUEST_POLICIES (the handshake is authenticated and rate-limited like HTTP). */
  static register(ports: Ports): DynamicModule {
    return { module: RealtimeModule, imports: ports };
  }
}

/** Worker: relays committed events to the gateway rooms of every api copy. */
@Module({ providers: [RealtimeBroadcastProcessor] })
export class RealtimeWorkerModule {}
