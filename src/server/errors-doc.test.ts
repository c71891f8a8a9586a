import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../core/errors/error-codes.ts';
import { renderErrorsDoc } from './errors-doc.ts';

const docPath = new URL('../../docs/errors.md', import.meta.url);

describe('docs/errors.md', () => {
  it('is up to date with the error registry (run: node scripts/generate-errors-doc.ts)', async () => {
    const onDisk = await readFile(docPath, 'utf8');
    expect(onDisk).toBe(renderErrorsDoc());
  });

  it('has one row per registered code with its status', () => {
    const doc = renderErrorsDoc();
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(doc).toContain(`| \`${code}\` | ${spec.httpStatus} |`);
    }
  });
});
