export * from './assessments';
export * from './audit';
export * from './cascade';
export * from './certificates';
export * from './enums';
export * from './institutions';
export * from './progress';
export * from './users';
