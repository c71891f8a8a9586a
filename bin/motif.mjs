#!/usr/bin/env node
// Launcher for the `motif` command. The CLI is TypeScript that Node runs
// directly (type stripping), so an old Node is told so before it tries.
import { enableCompileCache } from 'node:module';
import { exitUnlessSupportedNode } from './node-support.mjs';

exitUnlessSupportedNode('motif');
// Every run after the first reuses the compiled (and type-stripped) modules from Node's on-disk cache.
enableCompileCache?.();
try {
  await import('../src/cli/main.ts');
} catch (error) {
  if (error && error.code === 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING') {
    process.stderr.write(
      'motif cannot run from inside node_modules: Node strips types only outside it. Run it from a checkout (npm link, or npm run motif).\n',
    );
    process.exit(1);
  }
  throw error;
}
