import { LAYOUT_IDS, LAYOUT_LABELS, isLayoutId, type LayoutId } from '../../../shared/catalog.ts';

/** The value that leaves the choice to the prompt's words. */
const FROM_PROMPT = 'from-prompt';

/**
 * The product the offline engine lays out: "From the prompt" (its words
 * choose: "poster", "wrapping paper"…) or one named layout. AI providers
 * cannot lay out a product; they leave it out and the result says so.
 */
export function LayoutPicker({ value, onChange }: { value: LayoutId | undefined; onChange: (layout: LayoutId | undefined) => void }) {
  return (
    <div className="field layout-field">
      <label className="field-label" htmlFor="layout-select">
        Layout <span className="optional">(offline engine)</span>
      </label>
      <select
        id="layout-select"
        aria-describedby="layout-hint"
        value={value ?? FROM_PROMPT}
        onChange={(event) => onChange(isLayoutId(event.target.value) ? event.target.value : undefined)}
      >
        <option value={FROM_PROMPT}>From the prompt</option>
        {LAYOUT_IDS.map((id) => (
          <option key={id} value={id}>
            {LAYOUT_LABELS[id]}
          </option>
        ))}
      </select>
      <span id="layout-hint" className="hint">
        {value === undefined ? 'Words like “poster” or “wrapping paper” choose it.' : 'AI models ignore it and say so.'}
      </span>
    </div>
  );
}
