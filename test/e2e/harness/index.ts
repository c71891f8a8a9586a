export { startRendererHarness, warmRendererHarness, type RendererHarness } from './renderer-harness.ts';
