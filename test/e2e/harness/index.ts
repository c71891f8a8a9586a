export {
  startRendererHarness,
  warmRendererHarness,
  type RendererHarness,
  type RendererHarnessOptions,
  type ShellCall,
} from './renderer-harness.ts';
export type { BridgeFrame } from './bridge-server.ts';
