#!/usr/bin/env node
// Launcher for the `motif` command. The CLI is TypeScript that Node runs
// directly (type stripping): Node 22.18+, 23.6+ or 24+.
const [major, minor] = process.versions.node.split('.').map(Number);
const supported = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
if (!supported) {
  process.stderr.write(`motif needs Node.js 22.18 or newer (it runs TypeScript directly); this is Node ${process.versions.node}.\n`);
  process.exit(1);
}
try {
  await import('../src/cli/main.ts');
} catch (error) {
  if (error && error.code === 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING') {
    process.stderr.write('motif cannot run from inside node_modules: Node strips types only outside it. Run it from a checkout (npm link, or npm run motif).\n');
    process.exit(1);
  }
  throw error;
}
