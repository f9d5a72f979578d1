import { IdempotencyKey } from './idempotency-key.entity';

export { IdempotencyKey };
export const idempotencyEntities = [IdempotencyKey];
