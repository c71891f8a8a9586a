/**
 * Style presets. Each one gives the offline engine its palette and motifs, and
 * gives the AI providers a prompt template and a negative prompt.
 */
export const STYLE_IDS = ['party', 'birthday', 'wedding', 'baby-shower', 'holiday', 'minimal'] as const;
export type StyleId = (typeof STYLE_IDS)[number];

export type Motif =
  'confetti' | 'bunting' | 'balloons' | 'stars' | 'hearts' | 'dots' | 'stripes' | 'snowflakes' | 'flowers' | 'rings' | 'cake' | 'sparkles';

export interface StylePreset {
  readonly id: StyleId;
  readonly label: string;
  /** Background first, then accents; the offline engine draws from these only. */
  readonly palette: readonly string[];
  readonly background: string;
  /** Motifs the offline engine favours for this style when the prompt names none. */
  readonly motifs: readonly Motif[];
  /** `{prompt}` is replaced by the designer's prompt. */
  readonly promptTemplate: string;
  readonly negativePrompt: string;
}

export const STYLES: Readonly<Record<StyleId, StylePreset>> = {
  party: {
    id: 'party',
    label: 'Party',
    palette: ['#ff4f79', '#ffb627', '#2ec4b6', '#3a86ff', '#8338ec', '#ffffff'],
    background: '#1b1035',
    motifs: ['confetti', 'bunting', 'balloons', 'sparkles'],
    promptTemplate:
      '{prompt}, festive party decoration design, vibrant colours, confetti and streamers, flat vector illustration, high detail',
    negativePrompt: 'text, watermark, logo, blurry, low quality, dull colours, people, faces',
  },
  birthday: {
    id: 'birthday',
    label: 'Birthday',
    palette: ['#ff8fab', '#ffd166', '#06d6a0', '#118ab2', '#ef476f', '#fff7e6'],
    background: '#fff1f5',
    motifs: ['balloons', 'cake', 'bunting', 'confetti'],
    promptTemplate: '{prompt}, cheerful birthday party decoration, balloons and bunting, playful pastel palette, print-ready illustration',
    negativePrompt: 'text, watermark, logo, blurry, low quality, dark, gloomy, people',
  },
  wedding: {
    id: 'wedding',
    label: 'Wedding',
    palette: ['#c9a96e', '#f4e9dc', '#d8b4a0', '#8c6d62', '#ffffff', '#e8d5c4'],
    background: '#fbf7f1',
    motifs: ['flowers', 'rings', 'hearts', 'sparkles'],
    promptTemplate: '{prompt}, elegant wedding decoration design, ivory and gold, delicate florals, romantic, refined illustration',
    negativePrompt: 'text, watermark, logo, blurry, low quality, garish colours, cartoonish, people',
  },
  'baby-shower': {
    id: 'baby-shower',
    label: 'Baby shower',
    palette: ['#a0c4ff', '#ffc6ff', '#caffbf', '#fdffb6', '#bdb2ff', '#ffffff'],
    background: '#f4f8ff',
    motifs: ['balloons', 'stars', 'dots', 'hearts'],
    promptTemplate: '{prompt}, soft baby shower decoration, gentle pastel colours, clouds and stars, cute flat illustration',
    negativePrompt: 'text, watermark, logo, blurry, low quality, harsh colours, scary, people',
  },
  holiday: {
    id: 'holiday',
    label: 'Holiday',
    palette: ['#c1121f', '#2d6a4f', '#f4d35e', '#ffffff', '#95d5b2', '#780000'],
    background: '#0b2a1f',
    motifs: ['snowflakes', 'stars', 'stripes', 'sparkles'],
    promptTemplate: '{prompt}, festive holiday season decoration, red green and gold, snowflakes and ornaments, cosy illustration',
    negativePrompt: 'text, watermark, logo, blurry, low quality, summer, beach, people',
  },
  minimal: {
    id: 'minimal',
    label: 'Minimal',
    palette: ['#222222', '#e63946', '#f1faee', '#a8dadc', '#457b9d'],
    background: '#f6f5f2',
    motifs: ['dots', 'stripes', 'rings'],
    promptTemplate: '{prompt}, minimal modern decoration design, generous white space, simple geometric shapes, limited palette',
    negativePrompt: 'text, watermark, logo, clutter, busy, ornate, low quality, people',
  },
};

export const isStyleId = (value: unknown): value is StyleId =>
  typeof value === 'string' && (STYLE_IDS as readonly string[]).includes(value);

/** The label of a stored style; a style this version does not know (a newer one wrote it) shows as its id. */
export function styleLabel(style: string): string {
  return isStyleId(style) ? STYLES[style].label : style;
}

/** The prompt an AI provider receives for a designer's prompt in a style. */
export function applyStyle(prompt: string, style: StyleId): { prompt: string; negativePrompt: string } {
  const preset = STYLES[style];
  return { prompt: preset.promptTemplate.replace('{prompt}', prompt.trim()), negativePrompt: preset.negativePrompt };
}
