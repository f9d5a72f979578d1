import { OutboxEvent } from './outbox-event.entity';

export { OutboxEvent };
export const outboxEntities = [OutboxEvent];
