export * from './idempotency.module';
export * from './idempotency.interceptor';
export * from './idempotency.service';
export * from './migrations';
export * from './entities';
