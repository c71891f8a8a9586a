/**
 * Runs Doyensec's Electronegativity over `src/` (main, preload, renderer,
 * including `src/renderer/index.html` and its CSP) and fails on any HIGH or
 * worse finding, or on a file it could not parse (an unparsed file is an
 * unchecked one). Lower findings are printed for review.
 *
 *   node scripts/electronegativity.ts            # part of `npm run lint`
 *
 * Two things are switched off because they need the network, which lint must
 * not: the AVAILABLE_SECURITY_FIXES global check (it downloads Electron's
 * release list, and the `got` it ships crashes the process when offline —
 * `npm audit` covers Electron advisories), and the tool's start-up download of
 * translations (the bundled English strings are used).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface Level {
  readonly value: number;
  readonly name: string;
}
interface Issue {
  readonly file: string;
  readonly id: string;
  readonly description: string;
  readonly sample?: string;
  readonly location: { readonly line: number; readonly column: number };
  readonly severity: Level;
  readonly confidence: Level;
  readonly manualReview: boolean;
}
interface ParseError {
  readonly file: string;
  readonly message: string;
  readonly tolerable: boolean;
}
type Run = (options: Record<string, unknown>) => Promise<{ issues: Issue[]; errors: ParseError[] }>;

const root = join(import.meta.dirname, '..');
const input = join(root, 'src');
const FAIL_AT = 3; // HIGH
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const require = createRequire(join(root, 'node_modules/@doyensec/electronegativity/package.json'));
// Stand-in for `got`, which the tool uses only to fetch translations once the release check is off.
require.cache[require.resolve('got')] = {
  id: 'got',
  loaded: true,
  exports: () => Promise.reject(new Error('offline: lint does not use the network')),
} as unknown as NodeJS.Module;
const run = require('@doyensec/electronegativity') as Run;
const electronVersion = (
  JSON.parse(readFileSync(require.resolve('electron/package.json', { paths: [root] }), 'utf8')) as { version: string }
).version;

const quietLog = console.log;
console.log = (...args: unknown[]) => {
  if (!String(args[0]).startsWith('Could not retrieve updated translations')) quietLog(...args);
};
const result = await run({ input, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: EXCLUDED_CHECKS });
console.log = quietLog;

const parseFailures = result.errors.filter((error) => !error.tolerable);
const byRisk = [...result.issues].sort((a, b) => b.severity.value - a.severity.value || a.file.localeCompare(b.file));
for (const issue of byRisk) {
  const where = `src/${issue.file}:${issue.location.line}`;
  console.log(
    `${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id.padEnd(28)} ${where}${issue.manualReview ? '  (review)' : ''}`,
  );
}
for (const error of parseFailures) console.log(`UNPARSED      ${error.file}: ${error.message}`);

const blocking = result.issues.filter((issue) => issue.severity.value >= FAIL_AT);
console.log(
  `electronegativity (Electron ${electronVersion}): ${result.issues.length} finding(s), ${blocking.length} HIGH or worse, ${parseFailures.length} unparsed file(s)`,
);
process.exit(blocking.length > 0 || parseFailures.length > 0 ? 1 : 0);
