import { config } from 'zod';

// The renderer imports schemas and limits from core, which build zod object
// schemas at load. zod probes `new Function` for its JIT parser, and under the
// app's CSP (no 'unsafe-eval') that probe is reported as a violation. Jitless
// mode skips the probe; this module must be imported before any schema.
config({ jitless: true });
