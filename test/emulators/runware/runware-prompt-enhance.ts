/** Flourishes appended per prompt version; fixed so answers are deterministic. */
const FLOURISHES: readonly (readonly string[])[] = [
  ['vibrant festive colours', 'crisp vector shapes', 'balanced composition', 'high detail'],
  ['soft pastel palette', 'playful confetti accents', 'gentle lighting', 'print-ready'],
  ['bold graphic style', 'streamers and bunting', 'dynamic layout', 'sharp focus'],
  ['elegant gold highlights', 'delicate ornaments', 'symmetrical design', 'premium finish'],
  ['cheerful cartoon style', 'balloons and stars', 'clean background', 'rich texture'],
];

/**
 * The emulator's deterministic "enhancement": the prompt plus a fixed set of
 * flourishes for the version, cut to `maxTokens` (counted as words, a close
 * enough stand-in for tokens here).
 */
export function enhancePrompt(prompt: string, version: number, maxTokens: number): string {
  const extras = FLOURISHES[version % FLOURISHES.length] ?? [];
  const words = `${prompt.trim()}, ${extras.join(', ')}`.split(/\s+/);
  return words.slice(0, maxTokens).join(' ').replace(/,$/, '');
}
