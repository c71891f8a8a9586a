import type { LayoutId } from '../../contract/offline-design.ts';
import type { Motif, StyleId } from '../../contract/styles.ts';
import { PARTY_THEMES } from './art/party-themes.ts';
import { subjectIndex, wordStem } from './art/subject-index.ts';
import { motifOfWord, motifsForPrompt } from './motifs-for-prompt.ts';

/** What the offline engine understood of a prompt, and what it did not. */
export interface PromptReading {
  /** Art-set icons to draw, in the order the prompt named them. */
  readonly subjects: readonly string[];
  /** Procedural supporting parts: balloons, bunting, confetti… */
  readonly motifs: readonly Motif[];
  readonly layout: LayoutId;
  /** The headline to typeset: the first quoted phrase, or a greeting or name found in the prompt. */
  readonly headline: string | undefined;
  /** Further quoted phrases: an invitation's details block. */
  readonly details: readonly string[];
  /** Words the engine could not draw. */
  readonly ignoredWords: readonly string[];
}

/** Words and phrases that choose the product; longest first so "table card" beats "card". */
const LAYOUT_WORDS: readonly (readonly [string, LayoutId])[] = [
  ['wrapping paper', 'pattern'],
  ['gift wrap', 'pattern'],
  ['table card', 'table-card'],
  ['place card', 'table-card'],
  ['name card', 'table-card'],
  ['tent card', 'table-card'],
  ['cake topper', 'sticker'],
  ['cupcake topper', 'sticker'],
  ['save the date', 'invitation'],
  ['invitation', 'invitation'],
  ['invite', 'invitation'],
  ['card', 'invitation'],
  ['poster', 'poster'],
  ['flyer', 'poster'],
  ['sign', 'poster'],
  ['banner', 'bunting'],
  ['pennant', 'bunting'],
  ['sticker', 'sticker'],
  ['topper', 'sticker'],
  ['label', 'sticker'],
  ['pattern', 'pattern'],
  ['wallpaper', 'pattern'],
  ['seamless', 'pattern'],
  ['tile', 'pattern'],
  ['scene', 'scene'],
  ['backdrop', 'scene'],
];

/** Words that carry no picture of their own; used silently. */
const FILLER = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'with',
  'for',
  'of',
  'in',
  'on',
  'at',
  'to',
  'by',
  'from',
  'some',
  'lots',
  'lot',
  'many',
  'few',
  'my',
  'our',
  'your',
  'his',
  'her',
  'their',
  'its',
  'is',
  'are',
  'be',
  'it',
  'this',
  'that',
  'these',
  'those',
  'as',
  'into',
  'over',
  'party',
  'parties',
  'design',
  'designs',
  'decoration',
  'decorations',
  'decor',
  'theme',
  'themed',
  'celebration',
  'celebrate',
  'art',
  'artwork',
  'image',
  'picture',
  'illustration',
  'print',
  'printable',
  'style',
  'kids',
  'kid',
  'children',
  'child',
]);

/**
 * Adjectives the keyword data ties to icons ("cute" → hearts) that a designer
 * means as a mood; the engine cannot draw a mood, so they are reported.
 */
const DESCRIPTIVE = new Set([
  'cute',
  'pretty',
  'beautiful',
  'lovely',
  'elegant',
  'fun',
  'funny',
  'bright',
  'colourful',
  'colorful',
  'pastel',
  'modern',
  'vintage',
  'rustic',
  'simple',
  'classic',
  'happy',
  'big',
  'little',
  'small',
  'cool',
  'sweet',
  'magical',
  'spooky',
  'scary',
]);

/** Greetings and names worth typesetting even unquoted. Case matters only for the names. */
const PHRASES: readonly RegExp[] = [
  /\bhappy\s+(?:\d+(?:st|nd|rd|th)\s+)?birthday(?:\s+[A-Z][a-z]+)?/i,
  /\b(?:merry christmas|happy new year|happy holidays|happy easter|happy halloween|happy hanukkah|happy diwali|eid mubarak|happy thanksgiving|just married|happy anniversary|happy retirement|congratulations|congrats grad|oh baby|it'?s a (?:boy|girl)|welcome baby(?:\s+[A-Z][a-z]+)?|class of \d{4})\b/i,
  /\btable\s+(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\b/i,
  /\b[A-Z][a-z]+\s+(?:&|and)\s+[A-Z][a-z]+\b/,
];

/** Subjects a style draws when the prompt names none. */
const STYLE_SUBJECTS: Readonly<Record<StyleId, readonly string[]>> = {
  party: ['party-popper', 'confetti-ball', 'balloon'],
  birthday: ['birthday-cake', 'wrapped-gift', 'balloon'],
  wedding: ['ring', 'bouquet', 'dove'],
  'baby-shower': ['baby-bottle', 'teddy-bear', 'duck'],
  holiday: ['christmas-tree', 'wrapped-gift', 'snowman'],
  minimal: ['sparkles', 'star'],
};

const MAX_SUBJECTS = 6;
const QUOTED = /["“”„«»]([^"“”„«»]{1,160})["“”«»]/g;

const SMALL_WORDS = new Set(['and', 'of', 'the', 'a', 'an']);

/** "happy 5th birthday Emma" → "Happy 5th Birthday Emma"; small words after the first stay lower case. */
function titleCase(phrase: string): string {
  return phrase.replace(/\b([a-z])([a-z]*)/g, (word: string, first: string, rest: string, offset: number) =>
    offset > 0 && SMALL_WORDS.has(word) ? word : first.toUpperCase() + rest,
  );
}

/**
 * Reads a prompt the way the offline engine can act on it: quoted phrases
 * and greetings become text, party themes and the art set's keywords become
 * subjects, motif words become supporting parts, product words choose the
 * layout; every other word is reported as not understood.
 */
export async function readPrompt(prompt: string, style: StyleId): Promise<PromptReading> {
  const quoted = [...prompt.matchAll(QUOTED)].map((m) => (m[1] ?? '').trim()).filter((q) => q !== '');
  let rest = prompt.replace(QUOTED, ' ');
  let headline = quoted[0];
  if (headline === undefined) {
    for (const pattern of PHRASES) {
      const match = rest.match(pattern);
      if (match) {
        headline = titleCase(match[0]);
        break;
      }
    }
  }
  const tokens = rest.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  rest = '';
  const index = await subjectIndex();
  const subjects: string[] = [];
  const ignored: string[] = [];
  let layout: LayoutId | undefined;
  const headlineWords = new Set((headline ?? '').toLowerCase().split(/\s+/));
  const themes = Object.keys(PARTY_THEMES).sort((a, b) => b.split(' ').length - a.split(' ').length);
  const layoutPhrases = [...LAYOUT_WORDS].sort((a, b) => b[0].split(' ').length - a[0].split(' ').length);
  const addSubjects = (icons: readonly string[]): void => {
    for (const icon of icons) if (!subjects.includes(icon)) subjects.push(icon);
  };
  const phraseAt = (i: number, phrase: string): boolean => {
    const words = phrase.split(' ');
    return words.every((w, k) => {
      const token = tokens[i + k];
      return token !== undefined && (token === w || wordStem(token) === w);
    });
  };
  for (let i = 0; i < tokens.length;) {
    const token = tokens[i] as string;
    const layoutMatch = layoutPhrases.find(([phrase]) => phraseAt(i, phrase));
    if (layoutMatch && layout === undefined) {
      layout = layoutMatch[1];
      i += layoutMatch[0].split(' ').length;
      continue;
    }
    const theme = themes.find((phrase) => phraseAt(i, phrase));
    if (theme !== undefined) {
      addSubjects(PARTY_THEMES[theme] ?? []);
      i += theme.split(' ').length;
      continue;
    }
    i += 1;
    if (motifOfWord(token) !== undefined || FILLER.has(token) || headlineWords.has(token)) continue;
    const icons = index.words[wordStem(token)] ?? index.words[token.replace(/['’-]/g, '')];
    if (icons !== undefined && icons.length > 0 && !DESCRIPTIVE.has(token)) addSubjects(icons.slice(0, 1));
    else ignored.push(token);
  }
  const drawn = subjects.length > 0 ? subjects.slice(0, MAX_SUBJECTS) : [...STYLE_SUBJECTS[style]];
  // Cake and rings are drawn by art-set subjects now; the procedural ones stay only when no subject was named.
  const motifs = motifsForPrompt(prompt.replace(QUOTED, ' '), style).filter(
    (m) => subjects.length === 0 || (m !== 'cake' && m !== 'rings'),
  );
  return {
    subjects: drawn,
    motifs,
    layout: layout ?? 'scene',
    headline,
    details: quoted.slice(1),
    ignoredWords: [...new Set(ignored)],
  };
}
