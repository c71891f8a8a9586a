export * from '../contract/history-entry.ts';
export * from './library.ts';
export * from './library-export.ts';
export * from './image-format.ts';
export * from './make-thumbnail.ts';
export * from './move-library.ts';
export { sha256Hex } from './durable-fs.ts';
export { normaliseSearchText } from '../contract/library-search.ts';
export { assertLibraryFolder } from './library-folder.ts';
