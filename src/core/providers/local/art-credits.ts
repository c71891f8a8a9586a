/**
 * The art, fonts and data the offline engine ships, with their licences: what
 * the About dialog and the README credit. The licence texts are in
 * `resources/licenses/`.
 */
export interface ArtCredit {
  /** What it is, as a person would name it. */
  readonly name: string;
  /** What Motif uses it for. */
  readonly use: string;
  readonly author: string;
  /** SPDX identifier. */
  readonly license: 'MIT' | 'OFL-1.1';
  readonly url: string;
  /** The licence text's file under `resources/licenses/`. */
  readonly licenseFile: string;
}

export const ART_CREDITS: readonly ArtCredit[] = [
  {
    name: 'Fluent Emoji (Flat)',
    use: 'the subjects the offline engine draws',
    author: 'Microsoft Corporation; Iconify JSON packaging by Vjacheslav Trushkin',
    license: 'MIT',
    url: 'https://github.com/microsoft/fluentui-emoji',
    licenseFile: 'fluent-emoji-MIT.txt',
  },
  {
    name: 'Emojibase data',
    use: 'the keywords (CLDR names and tags) that match prompt words to subjects',
    author: 'Miles Johnson',
    license: 'MIT',
    url: 'https://emojibase.dev',
    licenseFile: 'emojibase-data-MIT.txt',
  },
  {
    name: 'Fredoka',
    use: 'headlines and lettering',
    author: 'The Fredoka Project Authors (Milena Brandão, Hafontia)',
    license: 'OFL-1.1',
    url: 'https://github.com/hafontia/Fredoka-One',
    licenseFile: 'fredoka-OFL-1.1.txt',
  },
  {
    name: 'Dancing Script',
    use: 'wedding lettering',
    author: 'The Dancing Script Project Authors (Impallari Type)',
    license: 'OFL-1.1',
    url: 'https://github.com/googlefonts/DancingScript',
    licenseFile: 'dancing-script-OFL-1.1.txt',
  },
  {
    name: 'opentype.js',
    use: 'reading the fonts to set text as vector paths',
    author: 'Frederik De Bleser and contributors',
    license: 'MIT',
    url: 'https://github.com/opentypejs/opentype.js',
    licenseFile: 'opentype.js-MIT.txt',
  },
];
