import { sprinklePath, SPRINKLE_MOTIFS } from '../motifs/sprinkles.ts';
import { tag } from '../svg-markup.ts';
import { drawIcon, subjectOrder, type DesignContext, type LayoutResult } from './design-context.ts';

/**
 * A seamless pattern tile (wrapping paper): subjects on a staggered lattice
 * whose spacing divides the tile exactly, small sprinkles between them, and
 * every piece that crosses an edge drawn again on the opposite edge, so the
 * tile repeats without a seam. The background is flat: a glow would show
 * where tiles meet.
 */
export function patternLayout(ctx: DesignContext): LayoutResult {
  const { width, height, unit, dice, reading, palette } = ctx;
  const subjects = subjectOrder(ctx);
  const cell = unit * dice.between(0.2, 0.28);
  const cols = Math.max(2, Math.round(width / cell));
  // An even row count keeps the stagger continuous across the top and bottom seam.
  const rows = Math.max(2, Math.round(height / cell / 2) * 2);
  const cw = width / cols;
  const ch = height / rows;
  const size = Math.min(cw, ch) * dice.between(0.52, 0.66);
  const layers = ctx.omitBackdrop ? [] : [tag('rect', { width, height, fill: palette.background })];
  const sprinkle = SPRINKLE_MOTIFS.find((m) => reading.motifs.includes(m)) ?? 'sparkles';
  const accent = palette.accents[0] ?? palette.ink;
  const wrapped = (x: number, y: number, reach: number, draw: (x: number, y: number) => string): string => {
    let out = '';
    for (const dx of [-width, 0, width]) {
      for (const dy of [-height, 0, height]) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx + reach < 0 || nx - reach > width || ny + reach < 0 || ny - reach > height) continue;
        out += draw(nx, ny);
      }
    }
    return out;
  };
  const icons: string[] = [];
  let d = '';
  const turnRange = dice.pick([0, 12, 25]);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = (c + (r % 2 === 0 ? 0.25 : 0.75)) * cw;
      const y = (r + 0.5) * ch;
      if (subjects.length > 0) {
        const name = subjects[(r * 7 + c * 3) % subjects.length] as string;
        const angle = turnRange === 0 ? 0 : dice.between(-turnRange, turnRange);
        // Reach: a rotated square's half diagonal.
        icons.push(wrapped(x, y, size * 0.72, (px, py) => drawIcon(ctx, name, px, py, size, { angle })));
      }
      const sx = x + cw * 0.5;
      const sy = y + ch * 0.5;
      const s = Math.min(cw, ch) * 0.12;
      d += wrapped(sx, sy, s * 1.5, (px, py) => sprinklePath(sprinkle, { x: px, y: py, size: s, angle: 0 }));
    }
  }
  layers.push(tag('path', { d, fill: accent, 'fill-opacity': 0.75, 'data-motif': sprinkle }), ...icons);
  return { layers, text: [], transparent: false };
}
