export { startRendererHarness, warmRendererHarness, type RendererHarness, type RendererHarnessOptions } from './renderer-harness.ts';
