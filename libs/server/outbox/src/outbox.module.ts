import { Global, Module } from '@nestjs/common';
import { OutboxPruner } from './outbox-pruner.service';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxService } from './outbox.service';

/** Every context writes events through OutboxService in its own transaction. */
@Global()
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}

/** Worker only: the relay that publishes committed rows, and the pruner of old ones. */
@Module({ providers: [OutboxRelay, OutboxPruner], exports: [OutboxRelay] })
export class OutboxRelayModule {}
