export * from './enums.ts';
export * from './common.ts';
export * from './org.ts';
export * from './catalog.ts';
export * from './catalog-rules.ts';
export * from './audit.ts';
export * from './identifiers.ts';
export * from './sharing.ts';
