/**
 * Writes docs/errors.md from the error registry.
 *   node scripts/generate-errors-doc.ts          write the file
 *   node scripts/generate-errors-doc.ts --check  exit 1 when the file is out of date
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderErrorsDoc } from '../src/server/errors-doc.ts';

/** Where the generated page lives. */
export const ERRORS_DOC_PATH = fileURLToPath(new URL('../docs/errors.md', import.meta.url));

async function main(check: boolean): Promise<number> {
  const expected = renderErrorsDoc();
  if (check) {
    const actual = await readFile(ERRORS_DOC_PATH, 'utf8').catch(() => '');
    if (actual === expected) return 0;
    process.stderr.write('docs/errors.md is out of date: run node scripts/generate-errors-doc.ts\n');
    return 1;
  }
  await writeFile(ERRORS_DOC_PATH, expected);
  process.stdout.write(`wrote ${ERRORS_DOC_PATH}\n`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.includes('--check'));
}
