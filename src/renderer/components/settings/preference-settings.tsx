import type { SettingsView } from '../../../shared/motif-bridge.ts';
import { REQUEST_LIMITS } from '../../../shared/catalog.ts';
import { parseSize, sizeProblem, sizeToString } from '../../lib/sizes.ts';
import { useSettingsStore } from '../../store/settings-store.ts';
import { SizePicker } from '../studio/size-picker.tsx';
import { StylePicker } from '../studio/style-picker.tsx';
import { Icon, type IconName } from '../common/icon.tsx';

const THEMES: readonly { id: SettingsView['settings']['theme']; label: string; icon: IconName }[] = [
  { id: 'system', label: 'Match system', icon: 'monitor' },
  { id: 'light', label: 'Light', icon: 'sun' },
  { id: 'dark', label: 'Dark', icon: 'moon' },
];

/** What the studio starts with, and how Motif looks. */
export function PreferenceSettings({ view }: { view: SettingsView }) {
  const update = useSettingsStore((s) => s.update);
  const { defaults, theme, exports } = view.settings;
  const size = parseSize(defaults.size) ?? { width: 1024, height: 1024 };
  return (
    <>
      <section className="settings-section" aria-labelledby="appearance-title">
        <h2 id="appearance-title">Appearance</h2>
        <div className="segmented theme-picker" role="radiogroup" aria-label="Theme">
          {THEMES.map((option) => (
            <label key={option.id} className={option.id === theme ? 'segment selected' : 'segment'}>
              <input
                type="radio"
                className="visually-hidden"
                name="theme"
                checked={option.id === theme}
                onChange={() => void update({ theme: option.id })}
              />
              <Icon name={option.icon} />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      </section>
      <section className="settings-section" aria-labelledby="defaults-title">
        <h2 id="defaults-title">Studio defaults</h2>
        <p className="section-help">What a new session of the studio starts with.</p>
        <StylePicker name="default-style" value={defaults.style} onChange={(style) => void update({ defaults: { style } })} />
        <SizePicker
          value={size}
          onChange={(next) => {
            if (sizeProblem(next) === undefined) void update({ defaults: { size: sizeToString(next) } });
          }}
        />
        <div className="field">
          <label className="field-label" htmlFor="default-count">
            Images per generation
          </label>
          <select
            id="default-count"
            value={defaults.count}
            onChange={(event) => void update({ defaults: { count: Number(event.target.value) } })}
          >
            {Array.from({ length: REQUEST_LIMITS.maxCount }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </section>
      <section className="settings-section" aria-labelledby="exports-title">
        <h2 id="exports-title">Exported files</h2>
        <p className="section-help">
          Exported PNG, JPEG and WebP files carry the prompt, style, seed, model, provider and cost, so dropping one back onto Motif brings
          its settings. Turn this off to hand files to clients without them.
        </p>
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            aria-label="Embed prompt and settings in exported files"
            checked={exports.embedSettings}
            onChange={(event) => void update({ exports: { embedSettings: event.target.checked } })}
          />
          <span className="switch-track" aria-hidden="true" />
          <span className="switch-label">Embed prompt and settings in exported files</span>
        </label>
      </section>
    </>
  );
}
