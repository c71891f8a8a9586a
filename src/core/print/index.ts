export * from './paper-sizes.ts';
export * from './print-options.ts';
export * from './sheet-layout.ts';
export * from './art-placement.ts';
export * from './print-art.ts';
export * from './preflight.ts';
export * from './print-document.ts';
