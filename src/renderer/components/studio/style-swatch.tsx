import { STYLES, type StyleId } from '../../../shared/catalog.ts';

// Sample images committed under assets/styles/<style>.png are used when present;
// otherwise the style's palette is drawn as a small CSS composition.
const SAMPLES = import.meta.glob<string>('../../assets/styles/*.png', { eager: true, query: '?url', import: 'default' });

function sampleFor(style: StyleId): string | undefined {
  return SAMPLES[`../../assets/styles/${style}.png`];
}

/** Fixed positions for the palette dots, so a swatch looks the same every time. */
const DOTS: readonly { x: number; y: number; r: number }[] = [
  { x: 14, y: 30, r: 4 },
  { x: 30, y: 58, r: 3 },
  { x: 46, y: 36, r: 5 },
  { x: 62, y: 62, r: 3.5 },
  { x: 78, y: 34, r: 4 },
  { x: 90, y: 64, r: 3 },
  { x: 22, y: 82, r: 3.5 },
  { x: 54, y: 86, r: 4 },
  { x: 84, y: 86, r: 3 },
  { x: 8, y: 56, r: 2.5 },
  { x: 70, y: 12, r: 2.5 },
  { x: 38, y: 14, r: 3 },
];

/** y of the bunting string at x, so the pennants hang from the curve. */
const bunting = (x: number): number => 4 + Math.sin((x / 100) * Math.PI) * 9;

export function StyleSwatch({ style, className }: { style: StyleId; className?: string }) {
  const preset = STYLES[style];
  const sample = sampleFor(style);
  if (sample) return <img className={`style-swatch ${className ?? ''}`} src={sample} alt="" draggable={false} />;
  const accents = preset.palette.filter((colour) => colour.toLowerCase() !== preset.background.toLowerCase());
  return (
    <svg className={`style-swatch ${className ?? ''}`} viewBox="0 0 100 100" preserveAspectRatio="xMidYMid slice" aria-hidden="true">
      <rect width="100" height="100" fill={preset.background} />
      <path d="M-5 4 Q25 24 50 6 T105 4" stroke={accents[1] ?? accents[0]} strokeWidth="1.5" fill="none" opacity="0.9" />
      {[10, 26, 42, 58, 74, 90].map((x, i) => (
        <path key={x} d={`M${x - 5} ${bunting(x)} l5 9 l5 -9 z`} fill={accents[i % accents.length]} />
      ))}
      {DOTS.map((dot, i) => (
        <circle key={i} cx={dot.x} cy={dot.y + 6} r={dot.r} fill={accents[(i + 2) % accents.length]} opacity={0.95} />
      ))}
    </svg>
  );
}

/** The palette as a row of chips, for the picker's caption. */
export function PaletteStrip({ style }: { style: StyleId }) {
  return (
    <span className="palette-strip" aria-hidden="true">
      {STYLES[style].palette.slice(0, 5).map((colour) => (
        <span key={colour} style={{ background: colour }} />
      ))}
    </span>
  );
}
