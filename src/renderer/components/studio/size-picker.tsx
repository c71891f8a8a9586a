import { useId } from 'react';
import { SIZE_LIMITS, SIZE_PRESETS, aspectRatioLabel, presetFor, sizeProblem, type ImageSize } from '../../lib/sizes.ts';

const PRESET_ICONS: Readonly<Record<string, { w: number; h: number }>> = {
  square: { w: 14, h: 14 },
  portrait: { w: 11, h: 16 },
  landscape: { w: 16, h: 11 },
};

/** Size presets (square, portrait, landscape) plus a custom width × height. */
export function SizePicker({ value, onChange }: { value: ImageSize; onChange: (size: ImageSize) => void }) {
  const id = useId();
  const preset = presetFor(value);
  const custom = preset === undefined;
  const problem = custom ? sizeProblem(value) : undefined;
  return (
    <fieldset className="size-picker">
      <legend className="field-label">Size</legend>
      <div className="segmented" role="radiogroup" aria-label="Size preset">
        {SIZE_PRESETS.map((option) => {
          const shape = PRESET_ICONS[option.id] ?? { w: 14, h: 14 };
          return (
            <label key={option.id} className={preset?.id === option.id ? 'segment selected' : 'segment'}>
              <input
                type="radio"
                className="visually-hidden"
                name={`${id}-size`}
                checked={preset?.id === option.id}
                onChange={() => onChange({ width: option.width, height: option.height })}
              />
              <span className="aspect-icon" style={{ width: shape.w, height: shape.h }} aria-hidden="true" />
              <span>
                {option.label}
                <small>
                  {option.width}×{option.height}
                </small>
              </span>
            </label>
          );
        })}
        <label className={custom ? 'segment selected' : 'segment'}>
          <input
            type="radio"
            className="visually-hidden"
            name={`${id}-size`}
            checked={custom}
            onChange={() => onChange({ width: 1536, height: 1024 })}
          />
          <span className="aspect-icon custom" aria-hidden="true" />
          <span>
            Custom
            <small>{custom ? aspectRatioLabel(value) : 'any'}</small>
          </span>
        </label>
      </div>
      {custom && (
        <div className="custom-size">
          <SideInput side="width" value={value} problem={problem} onChange={onChange} />
          <span aria-hidden="true">×</span>
          <SideInput side="height" value={value} problem={problem} onChange={onChange} />
          <span className="hint">px</span>
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** One side of a custom size, in pixels within the request limits. */
function SideInput(props: {
  side: 'width' | 'height';
  value: ImageSize;
  problem: string | undefined;
  onChange: (size: ImageSize) => void;
}) {
  const { side, value, problem, onChange } = props;
  const label = side === 'width' ? 'Width' : 'Height';
  return (
    <input
      type="number"
      inputMode="numeric"
      min={SIZE_LIMITS.min}
      max={SIZE_LIMITS.max}
      step={8}
      value={value[side]}
      aria-label={`${label} in pixels`}
      aria-invalid={problem?.startsWith(label) ? true : undefined}
      onChange={(event) => onChange({ ...value, [side]: Number(event.target.value) })}
    />
  );
}
