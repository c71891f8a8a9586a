export { LocalProvider, LOCAL_MODEL, type LocalProviderOptions } from './local-provider.ts';
export { renderDecoration, type RenderDecorationOptions } from './render-decoration.ts';
export { composeDecorationSvg, type ComposeDecorationOptions } from './compose-decoration-svg.ts';
export { motifsForPrompt } from './motifs-for-prompt.ts';
export { ART_CREDITS, type ArtCredit } from './art-credits.ts';
