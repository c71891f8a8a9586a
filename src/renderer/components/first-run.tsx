import { useEffect, useRef } from 'react';
import { STYLE_IDS } from '../../shared/catalog.ts';
import { useSettingsStore } from '../store/settings-store.ts';
import { useUiStore } from '../store/ui-store.ts';
import { Icon } from './common/icon.tsx';
import { StyleSwatch } from './studio/style-swatch.tsx';

/** A friendly first screen: the offline engine works now; a Runware key adds AI models. */
export function FirstRun() {
  const update = useSettingsStore((s) => s.update);
  const setView = useUiStore((s) => s.setView);
  const startRef = useRef<HTMLButtonElement>(null);
  useEffect(() => startRef.current?.focus(), []);

  const finish = (view: 'studio' | 'settings'): void => {
    setView(view);
    void update({ firstRunDone: true });
  };

  return (
    <main className="first-run" aria-labelledby="first-run-title" data-testid="first-run">
      <div className="first-run-card">
        <div className="first-run-art" aria-hidden="true">
          {STYLE_IDS.map((style) => (
            <StyleSwatch key={style} style={style} />
          ))}
        </div>
        <h1 id="first-run-title">Welcome to Motif</h1>
        <p className="lead">Type an idea, pick a style, and Motif makes party-decoration artwork for it.</p>
        <div className="first-run-points">
          <div className="point">
            <span className="point-icon">
              <Icon name="sparkles" size={20} />
            </span>
            <div>
              <h2>Works right away</h2>
              <p>
                The built-in offline engine draws confetti, bunting, balloons and patterns on this computer. No account, no key, no network.
              </p>
            </div>
          </div>
          <div className="point">
            <span className="point-icon">
              <Icon name="key" size={20} />
            </span>
            <div>
              <h2>Add a Runware key for AI images</h2>
              <p>
                Create a key in your Runware dashboard, then paste it under <strong>Settings → Providers</strong>. Keys are stored encrypted
                and never shown again.
              </p>
            </div>
          </div>
          <div className="point">
            <span className="point-icon">
              <Icon name="image" size={20} />
            </span>
            <div>
              <h2>Everything is kept</h2>
              <p>Each design is saved to your library with its prompt, style and seed, searchable offline.</p>
            </div>
          </div>
        </div>
        <div className="first-run-actions">
          <button ref={startRef} type="button" className="primary large" onClick={() => finish('studio')}>
            <Icon name="sparkles" /> Start designing
          </button>
          <button type="button" className="secondary large" onClick={() => finish('settings')}>
            <Icon name="key" /> Add a Runware key
          </button>
        </div>
      </div>
    </main>
  );
}
