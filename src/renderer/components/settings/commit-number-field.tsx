import { useEffect, useId, useState } from 'react';

interface CommitNumberFieldProps {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  readonly prefix?: string;
  readonly hint?: string;
  readonly onCommit: (value: number) => void;
}

/** A number applied when the field loses focus or Enter is pressed, so half-typed values never reach main. */
export function CommitNumberField({ label, value, min, max, step = 1, prefix, hint, onCommit }: CommitNumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => setText(String(value)), [value]);

  const commit = (): void => {
    const parsed = Number(text);
    if (text.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max) {
      setError(`Enter a number from ${min} to ${max}.`);
      return;
    }
    setError(undefined);
    if (parsed !== value) onCommit(parsed);
  };

  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="number-with-prefix">
        {prefix && <span aria-hidden="true">{prefix}</span>}
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={min}
          max={max}
          step={step}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error || hint ? `${id}-hint` : undefined}
          onChange={(event) => setText(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit();
          }}
        />
      </div>
      {(error || hint) && (
        <p id={`${id}-hint`} className={error ? 'field-error' : 'hint'}>
          {error ?? hint}
        </p>
      )}
    </div>
  );
}
