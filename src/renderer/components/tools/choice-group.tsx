import { useId } from 'react';

interface Choice<T> {
  readonly value: T;
  readonly label: string;
  /** A second line under the label, e.g. the result's size. */
  readonly detail?: string | undefined;
  readonly disabled?: boolean | undefined;
}

interface ChoiceGroupProps<T> {
  readonly legend: string;
  readonly choices: readonly Choice<T>[];
  readonly value: T | undefined;
  readonly onChange: (value: T) => void;
  /** Hide the legend visually (it is still read out). */
  readonly quietLegend?: boolean;
}

/** A row of segmented radio buttons (arrow keys move between them), like the studio's size picker. */
export function ChoiceGroup<T extends string | number>({ legend, choices, value, onChange, quietLegend = false }: ChoiceGroupProps<T>) {
  const name = useId();
  return (
    <fieldset className="choice-group">
      <legend className={quietLegend ? 'visually-hidden' : 'field-label'}>{legend}</legend>
      <div className="segmented compact">
        {choices.map((choice) => (
          <label
            key={choice.value}
            className={['segment', choice.value === value ? 'selected' : '', choice.disabled ? 'disabled' : ''].filter(Boolean).join(' ')}
          >
            <input
              type="radio"
              className="visually-hidden"
              name={name}
              disabled={choice.disabled}
              checked={choice.value === value}
              onChange={() => onChange(choice.value)}
            />
            <span>
              {choice.label}
              {choice.detail !== undefined && <small>{choice.detail}</small>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
