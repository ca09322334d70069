export * from './auth';
export * from './stations';
export * from './tickets';
export * from './catalog';
export * from './agents';
export * from './appointments';
export * from './leases';
export * from './admin';
