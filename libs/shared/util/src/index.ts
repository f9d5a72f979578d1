export * from './ids';
export * from './cursor';
export * from './money';
export * from './dates';
