export * from './outbox.service';
export { outboxInsert, OUTBOX_NOTIFY } from './outbox.sql';
export * from './outbox-relay.service';
export * from './outbox-pruner.service';
export * from './outbox.module';
export * from './migrations';
export { outboxEntities } from './entities';
