/**
 * Builds the offline engine's subject index from the art set and its keyword
 * data: which icons each English word calls up (from the icon names, the CLDR
 * labels and the emojibase tags), and where each icon's JSON sits in the art
 * set's `icons.json`, so the engine reads only the icons it draws.
 * Run after updating `@iconify-json/fluent-emoji-flat` or `emojibase-data`:
 *   node scripts/build-subject-index.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { wordStem } from '../src/core/providers/local/art/subject-index.ts';

const require = createRequire(import.meta.url);

interface EmojibaseEntry {
  readonly label: string;
  readonly hexcode: string;
  readonly tags?: readonly string[];
  readonly group?: number;
}

/** Variants that would crowd out the base icon: skin tones, keycaps, letters, clock faces. */
const SKIPPED =
  /-(light|dark|medium|medium-light|medium-dark)$|^keycap-|^(regional-indicator|input-|button-|symbols?-|.*-button$)|-o-?clock$|thirty$/;
/** Words too common to call up a subject on their own. */
const STOPWORDS = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'with',
  'on',
  'in',
  'at',
  'to',
  'for',
  'by',
  'or',
  'no',
  'not',
  'face',
  'person',
  'man',
  'woman',
  'symbol',
  'sign',
  'mark',
  'button',
  'flag',
  'type',
  'hand',
  'open',
  'mouth',
  'eyes',
  'smiling',
  'big',
  'small',
  'medium',
  'large',
  'white',
  'black',
  'red',
  'blue',
  'green',
  'yellow',
  'orange',
  'purple',
  'brown',
  'square',
  'circle',
  'up',
  'down',
  'left',
  'right',
  'arrow',
  'light',
  'dark',
  'old',
  'new',
  'other',
  'one',
  'two',
  'three',
  'top',
  'back',
  'off',
  'party',
  'happy',
  'day',
]);

async function main(): Promise<void> {
  const iconsPath = require.resolve('@iconify-json/fluent-emoji-flat/icons.json');
  const raw = await readFile(iconsPath);
  const set = JSON.parse(raw.toString('utf8')) as { icons: Record<string, { body: string }> };
  const chars = JSON.parse(await readFile(require.resolve('@iconify-json/fluent-emoji-flat/chars.json'), 'utf8')) as Record<string, string>;
  const emojibase = JSON.parse(await readFile(require.resolve('emojibase-data/en/data.json'), 'utf8')) as EmojibaseEntry[];
  const byHex = new Map(emojibase.map((e) => [e.hexcode.toLowerCase(), e]));
  const names = Object.keys(set.icons)
    .filter((name) => !SKIPPED.test(name))
    .sort();
  const keep = new Set(names);

  // Byte ranges of each icon's value in icons.json, found by re-serialising nothing: search the raw text.
  const text = raw.toString('latin1');
  const offsets: Record<string, [number, number]> = {};
  for (const name of names) {
    const key = `"${name}": {`;
    const start = text.indexOf(key);
    if (start < 0) throw new Error(`icon ${name} not found in icons.json`);
    const valueStart = start + key.length - 1;
    const valueEnd = text.indexOf('\n\t\t}', valueStart) + 4;
    const slice = raw.subarray(valueStart, valueEnd).toString('utf8');
    if ((JSON.parse(slice) as { body: string }).body !== set.icons[name]?.body) throw new Error(`icon ${name}: offset check failed`);
    offsets[name] = [valueStart, valueEnd - valueStart];
  }

  // word -> icon -> score; the icon's own name counts most, then the CLDR label, then tags.
  const scores = new Map<string, Map<string, number>>();
  const add = (word: string, icon: string, score: number): void => {
    const stem = wordStem(word);
    if (stem.length < 2 || STOPWORDS.has(stem) || /^\d+$/.test(stem)) return;
    const icons = scores.get(stem) ?? new Map<string, number>();
    icons.set(icon, Math.max(icons.get(icon) ?? 0, score));
    scores.set(stem, icons);
  };
  const words = (phrase: string): string[] =>
    phrase
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  const parts = (name: string): string[] => name.split('-');
  for (const name of names) {
    const nameWords = parts(name);
    for (const w of nameWords) add(w, name, nameWords.length === 1 ? 10 : 6);
    if (nameWords.length > 1) add(name.replaceAll('-', ''), name, 9);
  }
  for (const [hex, name] of Object.entries(chars)) {
    if (!keep.has(name)) continue;
    const entry = byHex.get(hex) ?? byHex.get(hex.replace(/-fe0f/g, ''));
    if (entry === undefined) continue;
    for (const w of words(entry.label)) add(w, name, 5);
    for (const tag of entry.tags ?? []) for (const w of words(tag)) add(w, name, 3);
  }
  const index: Record<string, string[]> = {};
  for (const [word, icons] of [...scores.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    // Best first; a word that names more than 12 icons keeps its 12 best.
    index[word] = [...icons.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))
      .slice(0, 12)
      .map(([icon]) => icon);
  }
  const pkg = JSON.parse(await readFile(require.resolve('@iconify-json/fluent-emoji-flat/package.json'), 'utf8')) as { version: string };
  const out = { artSet: 'fluent-emoji-flat', artSetVersion: pkg.version, iconsJsonBytes: raw.byteLength, words: index, offsets };
  const target = fileURLToPath(new URL('../src/core/providers/local/art/subject-index.json', import.meta.url));
  await writeFile(target, `${JSON.stringify(out)}\n`);
  console.log(`${names.length} icons, ${Object.keys(index).length} words -> ${target}`);
}

await main();
