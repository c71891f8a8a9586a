import { STYLES, type Motif, type StyleId } from '../../contract/styles.ts';

/** Words that call up each motif; matched as whole words, case-insensitive. */
const KEYWORDS: readonly (readonly [Motif, RegExp])[] = [
  ['balloons', /\bballoons?\b/g],
  ['confetti', /\b(confetti|streamers?)\b/g],
  ['bunting', /\b(bunting|banners?|flags?|garlands?|pennants?)\b/g],
  ['stars', /\b(stars?|starry)\b/g],
  ['hearts', /\b(hearts?|valentines?)\b/g],
  ['snowflakes', /\b(snow|snowflakes?|snowy|winter|christmas|xmas)\b/g],
  ['flowers', /\b(flowers?|floral|roses?|blooms?|blossoms?)\b/g],
  ['rings', /\b(rings?|wedding)\b/g],
  ['cake', /\b(cakes?|cupcakes?|candles?)\b/g],
  ['dots', /\b(dots?|dotted|polka)\b/g],
  ['stripes', /\b(stripes?|striped|stripy)\b/g],
  ['sparkles', /\b(sparkles?|sparkly|sparkling|glitter|glittery|shimmer)\b/g],
];

/** The motif one word calls up (`"garlands"` → bunting), if any. */
export function motifOfWord(word: string): Motif | undefined {
  const text = word.toLowerCase();
  for (const [motif, pattern] of KEYWORDS) {
    pattern.lastIndex = 0;
    if (pattern.test(text)) {
      pattern.lastIndex = 0;
      return motif;
    }
  }
  return undefined;
}

/** Motifs that fill the picture around the badge, as opposed to a centrepiece (cake, rings) or a background pattern. */
const AMBIENT_MOTIFS: readonly Motif[] = ['confetti', 'bunting', 'balloons', 'stars', 'hearts', 'snowflakes', 'flowers', 'sparkles'];

/**
 * The motifs a prompt asks for, in the order it names them. With none named,
 * the style's own motifs. A prompt naming fewer than two ambient motifs
 * ("a wedding", "merry christmas") is topped up from the style's ambient
 * motifs, so the picture is never a lone object or bare wallpaper.
 */
export function motifsForPrompt(prompt: string, style: StyleId): Motif[] {
  const text = prompt.toLowerCase();
  const found: { motif: Motif; index: number }[] = [];
  for (const [motif, pattern] of KEYWORDS) {
    const first = text.matchAll(pattern).next();
    if (!first.done) found.push({ motif, index: first.value.index });
  }
  const named = found.sort((a, b) => a.index - b.index).map((f) => f.motif);
  const defaults = STYLES[style].motifs;
  if (named.length === 0) return [...defaults];
  const ambient = named.filter((m) => AMBIENT_MOTIFS.includes(m)).length;
  const extra = defaults.filter((m) => AMBIENT_MOTIFS.includes(m) && !named.includes(m)).slice(0, Math.max(0, 2 - ambient));
  return [...named, ...extra];
}
