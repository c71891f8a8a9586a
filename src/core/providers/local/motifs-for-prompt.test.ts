import { describe, expect, it } from 'vitest';
import { STYLES } from '../../contract/styles.ts';
import { motifsForPrompt } from './motifs-for-prompt.ts';

describe('motifsForPrompt', () => {
  it('finds motifs in the order the prompt names them', () => {
    expect(motifsForPrompt('Stars, balloons and confetti', 'party')).toEqual(['stars', 'balloons', 'confetti']);
  });

  it('maps synonyms to their motif family', () => {
    expect(motifsForPrompt('a garland over the door', 'party')).toContain('bunting');
    expect(motifsForPrompt('christmas eve', 'holiday')).toContain('snowflakes');
    expect(motifsForPrompt('a rose bloom', 'wedding')).toContain('flowers');
    expect(motifsForPrompt('our wedding', 'wedding')).toContain('rings');
    expect(motifsForPrompt('candles', 'birthday')).toContain('cake');
    expect(motifsForPrompt('polka party', 'minimal')).toContain('dots');
    expect(motifsForPrompt('glitter', 'party')).toContain('sparkles');
  });

  it('matches whole words only', () => {
    // "starfish" is not "star", "brings" is not "ring".
    expect(motifsForPrompt('starfish brings balloons, confetti', 'party')).toEqual(['balloons', 'confetti']);
  });

  it('uses the style defaults when the prompt names no motif', () => {
    expect(motifsForPrompt('something lovely', 'holiday')).toEqual([...STYLES.holiday.motifs]);
    expect(motifsForPrompt('something lovely', 'birthday')).toEqual([...STYLES.birthday.motifs]);
  });

  it('tops a lone centrepiece up with the style’s ambient motifs', () => {
    expect(motifsForPrompt('a wedding', 'wedding')).toEqual(['rings', 'flowers', 'hearts']);
    expect(motifsForPrompt('balloons', 'party')).toEqual(['balloons', 'confetti']);
    expect(motifsForPrompt('balloons and stars', 'party')).toEqual(['balloons', 'stars']);
  });
});
