export * from './catalog';
export * from './errors';
export * from './gb11643';
export * from './idcard';
export * from './ticket';
export * from './appointment';
export * from './queue';
export * from './kiosk';
