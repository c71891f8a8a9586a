import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ART_CREDITS } from './art-credits.ts';

const licenses = join(import.meta.dirname, '../../../../resources/licenses');

describe('ART_CREDITS', () => {
  it.each(ART_CREDITS)('ships the licence text of $name', (credit) => {
    const file = join(licenses, credit.licenseFile);
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(credit.license === 'MIT' ? 'MIT License' : 'SIL OPEN FONT LICENSE Version 1.1');
  });

  it('credits every font and the art set the engine loads', async () => {
    const engine = readFileSync(join(import.meta.dirname, 'text/font-faces.ts'), 'utf8') + readFileSync(join(import.meta.dirname, 'art/art-set.ts'), 'utf8');
    expect(engine).toContain('@fontsource/fredoka');
    expect(engine).toContain('@fontsource/dancing-script');
    expect(engine).toContain('@iconify-json/fluent-emoji-flat');
    expect(ART_CREDITS.map((c) => c.name)).toEqual(expect.arrayContaining(['Fluent Emoji (Flat)', 'Fredoka', 'Dancing Script']));
  });
});
