export * from './format';
export * from './primitives';
export * from './dialog';
export * from './tabs';
export * from './data-table';
