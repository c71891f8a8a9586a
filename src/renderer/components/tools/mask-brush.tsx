import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';

/** What the brush does to the mask: add to the area to repaint, or take away from it. */
export type BrushMode = 'paint' | 'erase';

interface MaskBrushProps {
  /** The image being edited, shown under the mask. */
  readonly imageUrl: string;
  readonly imageAlt: string;
  /** The image's own size: the mask has exactly these pixels. */
  readonly width: number;
  readonly height: number;
  /** The canvas that holds the strokes; `maskPng` reads it. */
  readonly canvasRef: RefObject<HTMLCanvasElement | null>;
  readonly mode: BrushMode;
  /** Brush diameter in image pixels. */
  readonly brushPx: number;
  /** Called after every stroke with whether anything is painted. */
  readonly onPaintedChange: (painted: boolean) => void;
}

/** The colour strokes are drawn in on screen; `maskPng` turns any painted pixel white. */
const STROKE_COLOUR = '#ff3d7f';
/** How far one arrow key press moves the keyboard brush, as a share of the longer side. */
const KEY_STEP = 1 / 40;

/**
 * A brush painted over the image: the area to repaint in "Edit area". The
 * strokes live on a canvas with the image's own pixel size laid over the
 * picture, so the mask lines up with the image whatever size it is shown at.
 * Pointer (mouse, pen, touch) paints; from the keyboard, the arrow keys move a
 * brush ring, Space or Enter stamps it, and Shift + arrows paint as they move.
 */
export function MaskBrush({ imageUrl, imageAlt, width, height, canvasRef, mode, brushPx, onPaintedChange }: MaskBrushProps) {
  const last = useRef<{ x: number; y: number } | undefined>(undefined);
  const [cursor, setCursor] = useState({ x: width / 2, y: height / 2 });
  const [keyboardActive, setKeyboardActive] = useState(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas) canvas.getContext('2d')?.clearRect(0, 0, width, height);
    setCursor({ x: width / 2, y: height / 2 });
  }, [canvasRef, width, height]);

  const context = (): CanvasRenderingContext2D | undefined => {
    const ctx = canvasRef.current?.getContext('2d') ?? undefined;
    if (!ctx) return undefined;
    ctx.globalCompositeOperation = mode === 'erase' ? 'destination-out' : 'source-over';
    ctx.strokeStyle = STROKE_COLOUR;
    ctx.fillStyle = STROKE_COLOUR;
    ctx.lineWidth = brushPx;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    return ctx;
  };

  const stroke = (from: { x: number; y: number } | undefined, to: { x: number; y: number }): void => {
    const ctx = context();
    if (!ctx) return;
    if (from) {
      ctx.beginPath();
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
    }
    ctx.beginPath();
    ctx.arc(to.x, to.y, brushPx / 2, 0, Math.PI * 2);
    ctx.fill();
  };

  const finish = (): void => {
    last.current = undefined;
    const canvas = canvasRef.current;
    if (canvas) onPaintedChange(hasPaint(canvas));
  };

  const toImagePoint = (event: PointerEvent<HTMLCanvasElement>): { x: number; y: number } => {
    const box = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / Math.max(1, box.width)) * width,
      y: ((event.clientY - box.top) / Math.max(1, box.height)) * height,
    };
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>): void => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setKeyboardActive(false);
    const point = toImagePoint(event);
    stroke(undefined, point);
    last.current = point;
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>): void => {
    if (last.current === undefined) return;
    const point = toImagePoint(event);
    stroke(last.current, point);
    last.current = point;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>): void => {
    const step = Math.max(width, height) * KEY_STEP;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      setKeyboardActive(true);
      const next = { x: clamp(cursor.x + move[0], 0, width), y: clamp(cursor.y + move[1], 0, height) };
      if (event.shiftKey) {
        stroke(cursor, next);
        finish();
      }
      setCursor(next);
    } else if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      setKeyboardActive(true);
      stroke(undefined, cursor);
      finish();
    }
  };

  return (
    <div className="mask-brush" style={{ aspectRatio: `${width} / ${height}`, ['--mask-aspect' as string]: width / height }}>
      <img src={imageUrl} alt={imageAlt} draggable={false} />
      <canvas
        ref={canvasRef}
        width={width}
        height={height}
        className={mode === 'erase' ? 'mask-canvas erasing' : 'mask-canvas'}
        tabIndex={0}
        role="img"
        aria-label={`Area to repaint. Paint with the pointer, or move the brush with the arrow keys and press Space to ${mode}; Shift and arrows ${mode} as they move.`}
        data-testid="mask-canvas"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={finish}
        onPointerCancel={finish}
        onKeyDown={onKeyDown}
        onBlur={() => setKeyboardActive(false)}
      />
      {keyboardActive && (
        <span
          className="mask-cursor"
          aria-hidden="true"
          style={{
            left: `${(cursor.x / width) * 100}%`,
            top: `${(cursor.y / height) * 100}%`,
            width: `${(brushPx / width) * 100}%`,
            aspectRatio: '1',
          }}
        />
      )}
    </div>
  );
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Whether any pixel of the strokes canvas is painted. */
function hasPaint(canvas: HTMLCanvasElement): boolean {
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
  return false;
}

/** Wipes every stroke. */
export function clearMask(canvas: HTMLCanvasElement | null): void {
  canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
}

/**
 * The mask as the engine takes it: a PNG the size of the image, white where
 * the designer painted (to be repainted) and black everywhere else (kept).
 */
export async function maskPng(canvas: HTMLCanvasElement): Promise<Uint8Array<ArrayBuffer>> {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('This window cannot draw a mask.');
  // White wherever a stroke has any coverage, then black under everything else.
  ctx.drawImage(canvas, 0, 0);
  ctx.globalCompositeOperation = 'source-in';
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.globalCompositeOperation = 'destination-over';
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, out.width, out.height);
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The mask could not be encoded.');
  return new Uint8Array(await blob.arrayBuffer());
}
