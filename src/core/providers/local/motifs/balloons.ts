import { darken, lighten } from '../color-math.ts';
import type { DrawContext, Zone } from '../draw-context.ts';
import { motifGroup, path, rotate, tag, translate } from '../svg-markup.ts';

/** A bunch of balloons whose strings meet at one tied point. */
export interface BalloonCluster {
  /** Where the strings meet. */
  readonly anchorX: number;
  readonly anchorY: number;
  /** The middle of the bunch. */
  readonly centerX: number;
  readonly centerY: number;
  readonly count: number;
  /** Balloon half-width. */
  readonly radius: number;
  /** How far balloons spread from the middle of the bunch. */
  readonly spread: number;
}

/** The area a cluster covers, for keeping scattered pieces out of it. */
export function clusterZone(cluster: BalloonCluster): Zone {
  return { cx: cluster.centerX, cy: cluster.centerY, rx: cluster.spread + cluster.radius * 1.1, ry: cluster.spread + cluster.radius * 1.4 };
}

/** Glossy balloons with knots, highlights and curling strings, tied with a bow. */
export function drawBalloons(ctx: DrawContext, clusters: readonly BalloonCluster[]): string {
  return motifGroup(
    'balloons',
    clusters.map((c) => cluster(ctx, c)),
  );
}

function cluster(ctx: DrawContext, c: BalloonCluster): string {
  const { dice, palette, unit } = ctx;
  const colors = dice.shuffle(palette.accents);
  const balloons: { x: number; y: number; r: number; color: string }[] = [];
  // Golden-angle placement spreads balloons evenly without a visible grid.
  for (let i = 0; i < c.count; i++) {
    const t = c.count === 1 ? 0 : Math.sqrt((i + 0.5) / c.count);
    const a = i * 2.39996 + dice.between(-0.3, 0.3);
    balloons.push({
      x: c.centerX + Math.cos(a) * c.spread * t,
      y: c.centerY + Math.sin(a) * c.spread * t * 0.85,
      r: c.radius * dice.between(0.85, 1.08),
      color: colors[i % colors.length] ?? palette.ink,
    });
  }
  // Higher balloons sit behind lower ones, as in a real bunch.
  balloons.sort((a, b) => a.y - b.y);
  const strings: string[] = [];
  const bodies: string[] = [];
  for (const b of balloons) {
    const knotY = b.y + b.r * 1.22;
    const lean = Math.atan2(b.x - c.anchorX, c.anchorY - knotY) * (180 / Math.PI) * 0.5;
    const rad = (lean * Math.PI) / 180;
    // The knot after leaning the balloon about its own centre.
    const kx = b.x - Math.sin(rad) * b.r * 1.32;
    const ky = b.y + Math.cos(rad) * b.r * 1.32;
    // A gentle single bow per string: strings meet at the tie without tangling.
    const bend = unit * dice.between(0.008, 0.02) * (kx < c.anchorX ? -1 : 1);
    strings.push(path`M${kx} ${ky}Q${(kx + c.anchorX) / 2 + bend} ${(ky + c.anchorY) / 2} ${c.anchorX} ${c.anchorY}`);
    bodies.push(balloon(ctx, b.x, b.y, b.r, b.color, lean));
  }
  const stringMarkup = tag('path', {
    d: strings.join(''),
    fill: 'none',
    stroke: palette.dark ? palette.light : palette.ink,
    'stroke-opacity': palette.dark ? 0.55 : 0.45,
    'stroke-width': Math.max(0.6, unit * 0.0028),
  });
  return tag('g', {}, [stringMarkup, bow(ctx, c.anchorX, c.anchorY, colors[0] ?? palette.ink), ...bodies]);
}

function balloon(ctx: DrawContext, x: number, y: number, r: number, color: string, lean: number): string {
  const { tuning } = ctx;
  const ry = r * 1.2;
  const fill = tuning.flat
    ? color
    : `url(#${ctx.defs.once(`balloon-${color}`, (id) =>
        tag('radialGradient', { id, cx: '0.36', cy: '0.3', r: '0.8', fx: '0.33', fy: '0.26' }, [
          tag('stop', { offset: '0', 'stop-color': lighten(color, 0.4) }),
          tag('stop', { offset: '0.5', 'stop-color': color }),
          tag('stop', { offset: '1', 'stop-color': darken(color, 0.22) }),
        ]),
      )})`;
  // Body: round top, gently tapered bottom, drawn around (0, 0).
  const body = path`M0 ${-ry}C${r * 0.56} ${-ry} ${r} ${-ry * 0.56} ${r} ${-ry * 0.06}C${r} ${ry * 0.46} ${r * 0.38} ${ry * 0.86} 0 ${ry}C${-r * 0.38} ${ry * 0.86} ${-r} ${ry * 0.46} ${-r} ${-ry * 0.06}C${-r} ${-ry * 0.56} ${-r * 0.56} ${-ry} 0 ${-ry}Z`;
  const k = r * 0.12;
  const knot = path`M0 ${ry - k * 0.3}L${-k} ${ry + k * 1.1}Q0 ${ry + k * 0.7} ${k} ${ry + k * 1.1}Z`;
  return tag('g', { transform: `${translate(x, y)} ${rotate(lean)}` }, [
    tag('path', { d: body, fill }),
    tag('path', { d: knot, fill: darken(color, 0.15) }),
    tag('ellipse', {
      cx: -r * 0.42,
      cy: -ry * 0.42,
      rx: r * 0.13,
      ry: ry * 0.25,
      transform: rotate(28, -r * 0.42, -ry * 0.42),
      fill: '#ffffff',
      'fill-opacity': tuning.flat ? 0.35 : 0.55,
    }),
    tag('circle', { cx: -r * 0.56, cy: -ry * 0.05, r: r * 0.06, fill: '#ffffff', 'fill-opacity': tuning.flat ? 0.3 : 0.45 }),
  ]);
}

/** A ribbon bow where the strings are tied. */
function bow(ctx: DrawContext, x: number, y: number, color: string): string {
  const s = ctx.unit * 0.022;
  const loops = path`M${x} ${y}C${x - s * 1.6} ${y - s * 1.1} ${x - s * 1.7} ${y + s * 0.9} ${x} ${y}C${x + s * 1.6} ${y - s * 1.1} ${x + s * 1.7} ${y + s * 0.9} ${x} ${y}Z`;
  const tails = path`M${x} ${y}L${x - s * 0.9} ${y + s * 1.8}L${x - s * 0.45} ${y + s * 1.6}L${x} ${y}L${x + s * 0.8} ${y + s * 1.9}L${x + s * 0.95} ${y + s * 1.5}Z`;
  return tag('g', {}, [
    tag('path', { d: tails, fill: darken(color, 0.12) }),
    tag('path', { d: loops, fill: color }),
    tag('circle', { cx: x, cy: y, r: s * 0.32, fill: darken(color, 0.2) }),
  ]);
}
