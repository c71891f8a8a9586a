import { motif } from '../../bridge.ts';
import type { PreflightReport } from '../../../shared/motif-bridge.ts';
import type { PrintChoices } from '../../lib/print-choices.ts';

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where the art lands in a fill box, as the export places it: uniform scale, cropped toward `crop`. */
function fillRect(box: Rect, widthPx: number, heightPx: number, cropX: number, cropY: number): Rect {
  const scale = Math.max(box.width / widthPx, box.height / heightPx);
  const width = widthPx * scale;
  const height = heightPx * scale;
  return { x: box.x - (width - box.width) * cropX, y: box.y - (height - box.height) * cropY, width, height };
}

/**
 * The page at its real proportions (SVG in millimetres): the art as the export
 * places it, with the bleed (red, dashed), trim (solid) and safe area (blue,
 * dashed) guides, and crop marks when they are on.
 */
export function PrintPreview({ report, ids, choices }: { report: PreflightReport; ids: readonly string[]; choices: PrintChoices }) {
  const art = report.arts[0];
  const first = ids[0];
  const imageUrl = first === undefined ? undefined : motif().media.imageUrl(first);
  const pattern = report.product === 'pattern';
  // A pattern repeats the tile the export will make (its seam blended or repaired), not the image as it is.
  const repeated = report.tile ?? imageUrl;
  return (
    <svg
      className="print-preview"
      data-testid="print-preview"
      viewBox={`0 0 ${report.pageWidthMm} ${report.pageHeightMm}`}
      role="img"
      aria-label={`Preview of a ${report.pageWidthMm} × ${report.pageHeightMm} mm page`}
    >
      <defs>
        {report.pieces.map((piece, index) => (
          <clipPath id={`print-clip-${index}`} key={index}>
            <rect x={piece.bleed.x} y={piece.bleed.y} width={piece.bleed.width} height={piece.bleed.height} />
          </clipPath>
        ))}
        {pattern && repeated && report.pieces[0] && (
          <pattern id="print-repeat" patternUnits="userSpaceOnUse" width={report.pieces[0].art.width} height={report.pieces[0].art.height}>
            <image href={repeated} width={report.pieces[0].art.width} height={report.pieces[0].art.height} preserveAspectRatio="none" />
          </pattern>
        )}
      </defs>
      <rect x={0} y={0} width={report.pageWidthMm} height={report.pageHeightMm} fill="#fff" />
      {pattern ? (
        <rect x={0} y={0} width={report.pageWidthMm} height={report.pageHeightMm} fill="url(#print-repeat)" />
      ) : (
        report.pieces.map((piece, index) => {
          const href = report.product === 'print' ? motif().media.imageUrl(ids[index % ids.length] ?? first ?? '') : imageUrl;
          if (!href || !art) return null;
          const place =
            report.product === 'print' && choices.fit === 'fill'
              ? fillRect(piece.bleed, art.widthPx, art.heightPx, choices.cropX, choices.cropY)
              : piece.art;
          return (
            <image
              key={index}
              href={href}
              x={place.x}
              y={place.y}
              width={place.width}
              height={place.height}
              preserveAspectRatio={report.product === 'bunting' ? 'xMidYMid slice' : 'none'}
              clipPath={report.product === 'stickers' ? undefined : `url(#print-clip-${index})`}
            />
          );
        })
      )}
      <g fill="none" vectorEffect="non-scaling-stroke">
        {report.pieces.map((piece, index) => (
          <g key={index}>
            <rect className="guide-bleed" x={piece.bleed.x} y={piece.bleed.y} width={piece.bleed.width} height={piece.bleed.height} />
            <rect className="guide-trim" x={piece.trim.x} y={piece.trim.y} width={piece.trim.width} height={piece.trim.height} />
            {report.product === 'print' && (
              <rect className="guide-safe" x={piece.safe.x} y={piece.safe.y} width={piece.safe.width} height={piece.safe.height} />
            )}
          </g>
        ))}
      </g>
    </svg>
  );
}
