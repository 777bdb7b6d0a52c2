export * from './audit';
export * from './enums';
export * from './institutions';
export * from './users';
