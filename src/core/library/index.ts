export * from '../contract/history-entry.ts';
export * from './library.ts';
export * from './library-export.ts';
export * from './image-format.ts';
export * from './make-thumbnail.ts';
export * from './move-library.ts';
export { assertLibraryFolder } from './library-folder.ts';
