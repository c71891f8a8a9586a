import { useEffect, useRef, useState } from 'react';
import type { HistoryEntry, ImageTaskInput, TaskEstimate } from '../../../shared/motif-bridge.ts';
import { REQUEST_LIMITS, TASK_LIMITS } from '../../../shared/catalog.ts';
import { motif, userMessageOf } from '../../bridge.ts';
import { formatCost } from '../../lib/format.ts';
import { Icon } from '../common/icon.tsx';
import { ChoiceGroup } from './choice-group.tsx';
import { clearMask, maskPng, MaskBrush, type BrushMode } from './mask-brush.tsx';
import {
  EXTEND_PRESETS,
  extendedSize,
  initialChoices,
  runLabel,
  taskInputFor,
  UPSCALE_FACTORS,
  upscaleFits,
  type ToolChoices,
  type ToolId,
} from './tool-options.ts';

interface ToolPanelProps {
  readonly id: string;
  readonly tool: ToolId;
  readonly entry: HistoryEntry;
  readonly onCancel: () => void;
  readonly onRun: (input: ImageTaskInput) => Promise<void>;
}

type EstimateState =
  | { readonly status: 'waiting' }
  | { readonly status: 'loading'; readonly key: string }
  | { readonly status: 'done'; readonly key: string; readonly estimate: TaskEstimate }
  | { readonly status: 'error'; readonly key: string; readonly message: string };

/** The cost in words: "free" for nothing to pay, "≈ $0.0026" for an estimate, "price unknown" otherwise. */
function estimateText(estimate: TaskEstimate): string {
  if (estimate.estimatedCostUsd === undefined) return 'price unknown';
  return estimate.estimatedCostUsd === 0 ? 'free' : `≈ ${formatCost(estimate.estimatedCostUsd)}`;
}

/** Why nothing can run the tool now, from the providers' reasons. */
function unavailableText(estimate: TaskEstimate): string {
  const reasons = estimate.providers.filter((p) => p.reason !== undefined).map((p) => `${p.label}: ${p.reason}`);
  return reasons.length === 0 ? 'No provider can use this tool now.' : `No provider can use this tool now. ${reasons.join(' · ')}`;
}

/** A stable key for an input (mask bytes by length and a sample), so the estimate is asked once per change. */
function inputKey(input: ImageTaskInput): string {
  return JSON.stringify(input, (_key, value: unknown) =>
    value instanceof Uint8Array ? `bytes:${value.byteLength}:${Array.from(value.subarray(-16)).join('.')}` : value,
  );
}

/** One tool's options, its cost estimate, and the button that runs it. */
export function ToolPanel({ id, tool, entry, onCancel, onRun }: ToolPanelProps) {
  const [choices, setChoices] = useState<ToolChoices>(() => initialChoices(entry));
  const [estimate, setEstimate] = useState<EstimateState>({ status: 'waiting' });
  const [running, setRunning] = useState(false);
  const input = taskInputFor(tool, entry, choices);
  const key = input === undefined ? undefined : inputKey(input);
  const choose = (patch: Partial<ToolChoices>): void => setChoices((current) => ({ ...current, ...patch }));

  useEffect(() => {
    if (input === undefined || key === undefined) {
      setEstimate({ status: 'waiting' });
      return undefined;
    }
    let current = true;
    setEstimate({ status: 'loading', key });
    motif()
      .tasks.estimate(input)
      .then(
        (result) => current && setEstimate({ status: 'done', key, estimate: result }),
        (error: unknown) => current && setEstimate({ status: 'error', key, message: userMessageOf(error) }),
      );
    return () => {
      current = false;
    };
    // The key stands for the input: a new object with the same content asks nothing new.
  }, [key]);

  const ready = estimate.status === 'done' && estimate.key === key && estimate.estimate.provider !== undefined;
  const cost = estimate.status === 'done' && estimate.key === key ? estimateText(estimate.estimate) : undefined;

  return (
    <div id={id} className="tool-panel" role="group" aria-label={`${runLabel(tool, choices)} options`} data-testid="tool-panel">
      <ToolChoicesFields tool={tool} entry={entry} choices={choices} choose={choose} />
      <div className="tool-run-row">
        <p className="tool-estimate" data-testid="tool-estimate" aria-live="polite">
          {estimate.status === 'waiting' && tool === 'inpaint' && 'Paint over the area to repaint.'}
          {/* An answer for an earlier choice is not this choice's cost: it reads as still estimating. */}
          {(estimate.status === 'loading' || (estimate.status === 'done' && estimate.key !== key)) && 'Estimating the cost…'}
          {estimate.status === 'error' && <span className="tool-error">{estimate.message}</span>}
          {estimate.status === 'done' &&
            estimate.key === key &&
            (estimate.estimate.provider === undefined ? (
              <span className="tool-error">{unavailableText(estimate.estimate)}</span>
            ) : (
              <>
                <strong>{cost}</strong> on{' '}
                {estimate.estimate.providers.find((p) => p.id === estimate.estimate.provider)?.label ?? estimate.estimate.provider}
                {estimate.estimate.outputSize !== undefined && <> · {estimate.estimate.outputSize.replace('x', '×')}</>}
              </>
            ))}
        </p>
        <button type="button" className="ghost small" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="primary small"
          data-testid="tool-run"
          disabled={!ready || running || input === undefined}
          onClick={() => {
            if (input === undefined) return;
            setRunning(true);
            void onRun(input).finally(() => setRunning(false));
          }}
        >
          <Icon name="play" /> {runLabel(tool, choices)}
          {cost !== undefined && ready && ` · ${cost}`}
        </button>
      </div>
    </div>
  );
}

interface FieldsProps {
  readonly tool: ToolId;
  readonly entry: HistoryEntry;
  readonly choices: ToolChoices;
  readonly choose: (patch: Partial<ToolChoices>) => void;
}

function ToolChoicesFields({ tool, entry, choices, choose }: FieldsProps) {
  switch (tool) {
    case 'vary':
      return (
        <div className="tool-fields">
          <ChoiceGroup
            legend="How far"
            value={choices.strength}
            onChange={(strength) => choose({ strength })}
            choices={[
              { value: 'subtle', label: 'Subtle', detail: 'keeps the layout' },
              { value: 'strong', label: 'Strong', detail: 'a freer take' },
            ]}
          />
          <ChoiceGroup
            legend="Images"
            value={choices.count}
            onChange={(count) => choose({ count })}
            choices={Array.from({ length: TASK_LIMITS.maxVariations }, (_, i) => ({ value: i + 1, label: String(i + 1) }))}
          />
        </div>
      );
    case 'outpaint':
      return (
        <div className="tool-fields">
          <ChoiceGroup
            legend="New shape"
            value={choices.aspect}
            onChange={(aspect) => choose({ aspect })}
            choices={EXTEND_PRESETS.map((preset) => {
              const size = extendedSize(entry, preset.aspect);
              return {
                value: preset.aspect,
                label: preset.label,
                detail: size === undefined ? 'already this shape' : `${size.width}×${size.height}`,
                disabled: size === undefined,
              };
            })}
          />
        </div>
      );
    case 'inpaint':
      return <EditAreaFields entry={entry} choices={choices} choose={choose} />;
    case 'upscale':
      return (
        <div className="tool-fields">
          <ChoiceGroup
            legend="Factor"
            value={choices.factor}
            onChange={(factor) => choose({ factor })}
            choices={UPSCALE_FACTORS.map((factor) => ({
              value: factor,
              label: `×${factor}`,
              detail: upscaleFits(entry, factor) ? `${entry.width * factor}×${entry.height * factor}` : 'too large',
              disabled: !upscaleFits(entry, factor),
            }))}
          />
        </div>
      );
    case 'remove-background':
      return <p className="tool-fields hint">Keeps the subject and makes everything around it transparent (PNG).</p>;
    case 'vectorize':
      return <p className="tool-fields hint">Traces the image into an SVG that stays sharp at any print size.</p>;
    case 'seamless':
      return (
        <p className="tool-fields hint">
          Offsets the image by half so its edges meet in a cross through the middle, and repaints that cross by inpainting: the new image
          repeats without a seam.
        </p>
      );
  }
}

/** "Edit area": the mask brush over the image, its size and mode, and what to paint there. */
function EditAreaFields({ entry, choices, choose }: Omit<FieldsProps, 'tool'>) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [mode, setMode] = useState<BrushMode>('paint');
  const [brushPx, setBrushPx] = useState(() => Math.round(Math.max(entry.width, entry.height) / 12));
  const maxBrush = Math.round(Math.max(entry.width, entry.height) / 3);

  const onPaintedChange = (painted: boolean): void => {
    const canvas = canvasRef.current;
    if (!painted || !canvas) {
      choose({ mask: undefined });
      return;
    }
    void maskPng(canvas).then((mask) => choose({ mask }));
  };

  return (
    <div className="tool-fields edit-area">
      <MaskBrush
        imageUrl={motif().media.imageUrl(entry.id)}
        imageAlt={entry.prompt}
        width={entry.width}
        height={entry.height}
        canvasRef={canvasRef}
        mode={mode}
        brushPx={brushPx}
        onPaintedChange={onPaintedChange}
      />
      <div className="mask-controls">
        <ChoiceGroup
          legend="Brush"
          quietLegend
          value={mode}
          onChange={setMode}
          choices={[
            { value: 'paint', label: 'Paint' },
            { value: 'erase', label: 'Erase' },
          ]}
        />
        <label className="mask-size">
          <span className="field-label">Brush size</span>
          <input type="range" min={4} max={maxBrush} value={brushPx} onChange={(event) => setBrushPx(Number(event.target.value))} />
        </label>
        <button
          type="button"
          className="ghost small"
          disabled={choices.mask === undefined}
          onClick={() => {
            clearMask(canvasRef.current);
            choose({ mask: undefined });
          }}
        >
          <Icon name="x" /> Clear
        </button>
      </div>
      <label className="edit-prompt">
        <span className="field-label">What goes in the painted area</span>
        <input
          type="text"
          value={choices.prompt}
          maxLength={REQUEST_LIMITS.promptMaxChars}
          placeholder={entry.prompt}
          onChange={(event) => choose({ prompt: event.target.value })}
        />
      </label>
    </div>
  );
}
