import { useSettingsStore } from '../../store/settings-store.ts';
import { PreferenceSettings } from './preference-settings.tsx';
import { ProviderSettings } from './provider-settings.tsx';
import { SystemSettings } from './system-settings.tsx';

/** Settings apply as they change; nothing needs a restart. */
export function SettingsView() {
  const view = useSettingsStore((s) => s.view);
  const loadError = useSettingsStore((s) => s.loadError);
  return (
    <section className="settings-view" aria-labelledby="settings-title">
      <header className="view-head">
        <h1 id="settings-title">Settings</h1>
        <p className="view-sub">Changes apply right away.</p>
      </header>
      {loadError && (
        <p className="banner tone-danger" role="alert">
          {loadError}
        </p>
      )}
      {view && (
        <div className="settings-columns">
          <div className="settings-column">
            <ProviderSettings view={view} />
          </div>
          <div className="settings-column">
            <PreferenceSettings view={view} />
            <SystemSettings view={view} />
          </div>
        </div>
      )}
    </section>
  );
}
