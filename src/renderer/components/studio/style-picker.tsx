import { STYLE_IDS, STYLES, type StyleId } from '../../../shared/catalog.ts';
import { PaletteStrip, StyleSwatch } from './style-swatch.tsx';

/** Style presets as a radio group: arrow keys move between them, as with any radio group. */
export function StylePicker({ value, onChange, name = 'style' }: { value: StyleId; onChange: (style: StyleId) => void; name?: string }) {
  return (
    <fieldset className="style-picker">
      <legend className="field-label">Style</legend>
      <div className="style-grid">
        {STYLE_IDS.map((id) => (
          <label key={id} className={id === value ? 'style-option selected' : 'style-option'}>
            <input type="radio" className="visually-hidden" name={name} value={id} checked={id === value} onChange={() => onChange(id)} />
            <StyleSwatch style={id} />
            <span className="style-caption">
              <span className="style-name">{STYLES[id].label}</span>
              <PaletteStrip style={id} />
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
