import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type PointerEvent, type Ref, type WheelEvent } from 'react';
import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { motif } from '../../bridge.ts';
import { fitScale, panBy, zoomAt, zoomStep, type Extent, type ZoomView } from '../../lib/zoom-math.ts';
import { Icon } from '../common/icon.tsx';

/** What the viewer's keys ask of the stage. */
export interface ZoomControls {
  fit(): void;
  actualSize(): void;
  zoom(direction: 'in' | 'out'): void;
}

/** `fit` follows the stage as it resizes; a number is a chosen zoom. */
type Zoom = { readonly kind: 'fit' } | ({ readonly kind: 'zoom' } & ZoomView);

const WHEEL_ZOOM = 1.0015;

/**
 * One image at fit, 100 % or any zoom between fitting and 800 %: wheel zooms
 * about the cursor, dragging pans a zoomed image, a double click toggles fit
 * and 100 %. At fit, dragging the image drags its file out of the app.
 */
export function ZoomStage({ entry, controls }: { entry: HistoryEntry; controls?: Ref<ZoomControls> }) {
  const stageRef = useRef<HTMLDivElement>(null);
  const [stage, setStage] = useState<Extent>({ width: 0, height: 0 });
  const [zoom, setZoom] = useState<Zoom>({ kind: 'fit' });
  const drag = useRef<{ x: number; y: number; id: number } | undefined>(undefined);
  const image: Extent = { width: entry.width, height: entry.height };
  const fit = fitScale(image, stage);
  const view: ZoomView = zoom.kind === 'fit' ? { scale: fit, x: 0, y: 0 } : zoom;
  const zoomed = zoom.kind === 'zoom' && view.scale > fit + 1e-6;
  // Pointer events can outrun renders; a drag builds on the newest view, not the last rendered one.
  const latest = useRef(view);
  latest.current = view;

  useLayoutEffect(() => {
    const element = stageRef.current;
    if (!element) return undefined;
    const measure = (): void => setStage({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => setZoom({ kind: 'fit' }), [entry.id]);

  const apply = (next: ZoomView): void => {
    latest.current = next;
    setZoom(Math.abs(next.scale - fit) < 1e-6 ? { kind: 'fit' } : { kind: 'zoom', ...next });
  };
  useImperativeHandle(controls, () => ({
    fit: () => setZoom({ kind: 'fit' }),
    actualSize: () => apply(zoomAt(view, 1 / view.scale, { x: 0, y: 0 }, image, stage)),
    zoom: (direction) => apply(zoomStep(view, direction, image, stage)),
  }));

  const pointAt = (clientX: number, clientY: number): { x: number; y: number } => {
    const box = stageRef.current!.getBoundingClientRect();
    return { x: clientX - box.left - box.width / 2, y: clientY - box.top - box.height / 2 };
  };
  const onWheel = (event: WheelEvent<HTMLDivElement>): void => {
    apply(zoomAt(view, WHEEL_ZOOM ** -event.deltaY, pointAt(event.clientX, event.clientY), image, stage));
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (!zoomed || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, id: event.pointerId };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const start = drag.current;
    if (!start || start.id !== event.pointerId) return;
    drag.current = { x: event.clientX, y: event.clientY, id: start.id };
    apply(panBy(latest.current, event.clientX - start.x, event.clientY - start.y, image, stage));
  };
  const onDoubleClick = (event: { clientX: number; clientY: number }): void => {
    if (zoom.kind === 'zoom') setZoom({ kind: 'fit' });
    else apply(zoomAt(view, 1 / view.scale, pointAt(event.clientX, event.clientY), image, stage));
  };

  const width = image.width * view.scale;
  const height = image.height * view.scale;
  return (
    <div className="zoom-stage-wrap">
      <div
        ref={stageRef}
        className={zoomed ? 'zoom-stage zoomed' : 'zoom-stage'}
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => (drag.current = undefined)}
        onPointerCancel={() => (drag.current = undefined)}
        onDoubleClick={onDoubleClick}
        data-testid="zoom-stage"
      >
        {stage.width > 0 && (
          <img
            className="zoom-image"
            src={motif().media.imageUrl(entry.id)}
            alt={entry.prompt}
            width={entry.width}
            height={entry.height}
            draggable={!zoomed}
            onDragStart={(event) => {
              event.preventDefault();
              motif().library.startDrag([entry.id]);
            }}
            style={{
              width,
              height,
              transform: `translate(${(stage.width - width) / 2 + view.x}px, ${(stage.height - height) / 2 + view.y}px)`,
            }}
          />
        )}
      </div>
      <div className="zoom-bar" role="toolbar" aria-label="Zoom">
        <button
          type="button"
          className={zoom.kind === 'fit' ? 'ghost small pressed' : 'ghost small'}
          onClick={() => setZoom({ kind: 'fit' })}
          title="Fit (0)"
        >
          Fit
        </button>
        <button
          type="button"
          className={Math.abs(view.scale - 1) < 1e-6 ? 'ghost small pressed' : 'ghost small'}
          onClick={() => apply(zoomAt(view, 1 / view.scale, { x: 0, y: 0 }, image, stage))}
          title="Actual pixels (1)"
        >
          100 %
        </button>
        <button
          type="button"
          className="icon-button subtle"
          aria-label="Zoom out"
          title="Zoom out (−)"
          onClick={() => apply(zoomStep(view, 'out', image, stage))}
        >
          <Icon name="minus" />
        </button>
        <output className="zoom-readout" aria-label="Zoom level" data-testid="zoom-level">
          {Math.round(view.scale * 100)} %
        </output>
        <button
          type="button"
          className="icon-button subtle"
          aria-label="Zoom in"
          title="Zoom in (+)"
          onClick={() => apply(zoomStep(view, 'in', image, stage))}
        >
          <Icon name="plus" />
        </button>
      </div>
    </div>
  );
}
