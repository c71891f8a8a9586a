export { renderDesign } from './render-decoration.ts';
export { loadFontFace } from './text/font-faces.ts';
