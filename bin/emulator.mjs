#!/usr/bin/env node
// `npm run emulator`: the provider emulators (TypeScript run directly), behind the same Node check as `motif`.
import { exitUnlessSupportedNode } from './node-support.mjs';

exitUnlessSupportedNode('npm run emulator');
await import('../test/emulators/main.ts');
