export { LocalProvider, LOCAL_MODEL, type LocalProviderOptions } from './local-provider.ts';
export { renderDecoration, renderDesign, type RenderDecorationOptions, type RenderedDesign } from './render-decoration.ts';
export { loadFontFace, type FontFace } from './text/font-faces.ts';
export { composeDecorationSvg, type ComposeDecorationOptions } from './compose-decoration-svg.ts';
export { motifsForPrompt } from './motifs-for-prompt.ts';
