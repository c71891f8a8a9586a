import type { PennantShape } from '../contract/print-request.ts';
import type { Point } from './cut-contour.ts';

/**
 * A pennant's outline below the fold, in mm from its top-left corner (y down),
 * and where its letter sits: `letterY` is the letter's centre as a share of
 * the height, `letterHeight` its cap height as a share of the smaller side.
 */
export interface PennantGeometry {
  readonly outline: readonly Point[];
  readonly letterY: number;
  readonly letterHeight: number;
}

const SCALLOPS = 3;
const SCALLOP_STEPS = 12;

export function pennantGeometry(shape: PennantShape, width: number, height: number): PennantGeometry {
  switch (shape) {
    case 'triangle':
      return {
        outline: [
          { x: 0, y: 0 },
          { x: width, y: 0 },
          { x: width / 2, y: height },
        ],
        letterY: 0.34,
        letterHeight: 0.36,
      };
    case 'swallowtail':
      return {
        outline: [
          { x: 0, y: 0 },
          { x: width, y: 0 },
          { x: width, y: height },
          { x: width / 2, y: height * 0.72 },
          { x: 0, y: height },
        ],
        letterY: 0.38,
        letterHeight: 0.45,
      };
    case 'rectangle':
      return {
        outline: [
          { x: 0, y: 0 },
          { x: width, y: 0 },
          { x: width, y: height },
          { x: 0, y: height },
        ],
        letterY: 0.46,
        letterHeight: 0.5,
      };
    case 'scalloped': {
      const edge = height * 0.82;
      const points: Point[] = [
        { x: 0, y: 0 },
        { x: width, y: 0 },
        { x: width, y: edge },
      ];
      const span = width / SCALLOPS;
      for (let k = 0; k < SCALLOPS; k++) {
        const cx = width - (k + 0.5) * span;
        for (let step = 1; step <= SCALLOP_STEPS; step++) {
          const angle = (Math.PI * step) / SCALLOP_STEPS;
          points.push({ x: cx + (span / 2) * Math.cos(angle), y: edge + (height - edge) * Math.sin(angle) });
        }
      }
      return { outline: points, letterY: 0.42, letterHeight: 0.48 };
    }
  }
}
