export * from './auth';
export * from './events';
export * from './jobs';
export * from './pagination';
