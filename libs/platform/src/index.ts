export * from './config';
export * from './logger';
export * from './problem';
export * from './health';
export * from './service-config';
export * from './bootstrap';
export * from './embedded-postgres';
export * from './local-topology';
