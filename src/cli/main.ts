/**
 * The `motif` command: `node src/cli/main.ts <command> ...` (or `bin/motif.mjs`).
 * Commands: generate, serve, library, emulator. See `motif --help`.
 */
import { processIo } from './cli-io.ts';
import { runCli } from './run-cli.ts';

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
// The command has finished and closed the engine: a stray timer must not keep the process alive.
setTimeout(() => process.exit(code), 250).unref();
