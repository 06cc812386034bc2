export * from './validators.js';
export * from './errors.js';
export * from './auth.js';
export * from './admin.js';
export * from './portal.js';
export * from './appointments.js';
export * from './pages.js';
export * from './search.js';
