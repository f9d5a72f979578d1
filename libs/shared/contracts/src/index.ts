export * from './auth';
export * from './events';
export * from './jobs';
export * from './pagination';
export * from './identity';
export * from './commerce';
export * from './realtime';
export * from './views';
