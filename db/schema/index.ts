export * from './audit';
export * from './institutions';
export * from './users';
