export * from './boundary.js';
export * from './city-tiling.js';
export * from './grid-locator.js';
