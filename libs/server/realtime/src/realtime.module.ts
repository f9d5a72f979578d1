import { Module } from '@nestjs/common';
import { RealtimeGateway } from './gateways/realtime.gateway';
import { RealtimeBroadcastProcessor } from './processors/realtime-broadcast.processor';

/** Api: the `/ws` gateway. */
@Module({ providers: [RealtimeGateway], exports: [RealtimeGateway] })
export class RealtimeModule {}

/** Worker: relays committed events to the gateway rooms of every api copy. */
@Module({ providers: [RealtimeBroadcastProcessor] })
export class RealtimeWorkerModule {}
