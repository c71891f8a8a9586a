import { describe, expect, it } from 'vitest';
import { PARTY_THEMES } from './art/party-themes.ts';
import { subjectIndex } from './art/subject-index.ts';
import { readPrompt } from './read-prompt.ts';
import { THEMED_PROMPTS as THEMED } from '../../../../test/support/themed-prompts.ts';

describe('readPrompt', () => {
  it('knows at least 60 themed prompts', () => {
    expect(THEMED.length).toBeGreaterThanOrEqual(60);
  });

  it.each(THEMED)('draws the subjects of %j', async (prompt, expected) => {
    const reading = await readPrompt(prompt, 'party');
    for (const subject of expected) expect(reading.subjects).toContain(subject);
  });

  it('names only icons that exist in the art set', async () => {
    const { offsets } = await subjectIndex();
    const missing = Object.values(PARTY_THEMES)
      .flat()
      .filter((icon) => offsets[icon] === undefined);
    expect(missing).toEqual([]);
  });

  it('typesets the quoted words and reports the words it could not draw', async () => {
    const reading = await readPrompt('"Happy 5th Birthday Emma" jurassic zorblax dinosaur party', 'birthday');
    expect(reading.headline).toBe('Happy 5th Birthday Emma');
    expect(reading.subjects).toEqual(['t-rex', 'sauropod']);
    expect(reading.ignoredWords).toEqual(['zorblax']);
  });

  it('finds an unquoted greeting with a name, and a couple’s names', async () => {
    expect((await readPrompt('happy 5th birthday Emma with balloons', 'birthday')).headline).toBe('Happy 5th Birthday Emma');
    expect((await readPrompt('wedding invitation for Anna and Ben', 'wedding')).headline).toBe('Anna and Ben');
    expect((await readPrompt('merry christmas card', 'holiday')).headline).toBe('Merry Christmas');
  });

  it('keeps further quoted phrases as details', async () => {
    const reading = await readPrompt('invitation "Emma turns 5" "Saturday 3 pm, 12 Oak Lane"', 'birthday');
    expect(reading.layout).toBe('invitation');
    expect(reading.details).toEqual(['Saturday 3 pm, 12 Oak Lane']);
  });

  it.each([
    ['birthday invitation', 'invitation'],
    ['halloween poster', 'poster'],
    ['happy birthday banner', 'bunting'],
    ['dinosaur cupcake topper', 'sticker'],
    ['unicorn stickers', 'sticker'],
    ['christmas wrapping paper', 'pattern'],
    ['seamless pattern of hearts', 'pattern'],
    ['wedding table card', 'table-card'],
    ['dinosaur party', 'scene'],
  ] as const)('chooses the layout from %j', async (prompt, layout) => {
    expect((await readPrompt(prompt, 'party')).layout).toBe(layout);
  });

  it('draws a birthday, not wedding rings, for an unquoted greeting in the minimal style', async () => {
    const reading = await readPrompt('Happy 5th Birthday Emma', 'minimal');
    expect(reading.subjects).toContain('birthday-cake');
    expect(reading.subjects).not.toContain('ring');
    expect(reading.motifs).not.toContain('rings');
  });

  it('falls back to the style’s subjects when the prompt names none', async () => {
    expect((await readPrompt('something lovely', 'wedding')).subjects).toEqual(['ring', 'bouquet', 'dove']);
  });
});
