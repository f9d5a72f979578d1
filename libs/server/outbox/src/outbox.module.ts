import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';
import { OutboxPruner } from './outbox-pruner.service';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { outboxEntities } from './entities';

/** Every context writes events through OutboxService in its own transaction. */
@Global()
@Module({
  imports: [MikroOrmModule.forFeature(outboxEntities)],
  providers: [OutboxRepository, OutboxService],
  exports: [OutboxService, OutboxRepository],
})
export class OutboxModule {}

/** Worker only: the relay that publishes committed rows, and the pruner of old ones. */
@Module({ providers: [OutboxRelay, OutboxPruner], exports: [OutboxRelay] })
export class OutboxRelayModule {}
