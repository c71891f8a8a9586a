import type { ProviderInfo, SettingsView } from '../../../shared/motif-bridge.ts';
import { formatDuration } from '../../lib/format.ts';
import { useHealthStore } from '../../store/health-store.ts';
import { useSettingsStore } from '../../store/settings-store.ts';
import { Icon } from '../common/icon.tsx';
import { KeyField } from './key-field.tsx';

type ProviderId = keyof SettingsView['settings']['providers'];
const isConfigurable = (id: string, view: SettingsView): id is ProviderId => Object.hasOwn(view.settings.providers, id);

/** Providers in the order the router tries them, in settings order first. */
function orderedProviders(view: SettingsView): ProviderInfo[] {
  const order = view.settings.providerOrder;
  const rank = (id: string): number => {
    const index = order.indexOf(id);
    return index === -1 ? order.length : index;
  };
  return [...view.providers].sort((a, b) => rank(a.id) - rank(b.id));
}

/** Keys, on/off, order and a connection test for each provider. */
export function ProviderSettings({ view }: { view: SettingsView }) {
  const update = useSettingsStore((s) => s.update);
  const testConnection = useHealthStore((s) => s.testConnection);
  const tests = useHealthStore((s) => s.tests);
  const providers = orderedProviders(view);

  const move = (index: number, delta: number): void => {
    const ids = providers.map((p) => p.id);
    const target = index + delta;
    if (target < 0 || target >= ids.length) return;
    [ids[index], ids[target]] = [ids[target] as string, ids[index] as string];
    void update({ providerOrder: ids });
  };

  return (
    <section className="settings-section" aria-labelledby="providers-title">
      <h2 id="providers-title">Providers</h2>
      <p className="section-help">
        Motif tries providers from top to bottom and falls back when one fails. The offline engine always works as a last resort.
      </p>
      {!view.secretStorage.persistent && (
        <p className="banner tone-warning" role="status">
          <Icon name="alert" /> Keys are kept only until Motif quits{view.secretStorage.reason ? `: ${view.secretStorage.reason}` : '.'}
        </p>
      )}
      <ol className="provider-settings-list">
        {providers.map((provider, index) => {
          const secret = provider.secret;
          const test = tests[provider.id];
          return (
            <li key={provider.id} className="provider-settings" data-testid="provider-settings" data-provider={provider.id}>
              <div className="provider-order">
                <span className="order-number" aria-hidden="true">
                  {index + 1}
                </span>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${provider.label} up`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  <Icon name="up" />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${provider.label} down`}
                  disabled={index === providers.length - 1}
                  onClick={() => move(index, 1)}
                >
                  <Icon name="down" />
                </button>
              </div>
              <div className="provider-settings-body">
                <div className="provider-settings-head">
                  <h3>{provider.label}</h3>
                  <label className="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      checked={provider.enabled}
                      aria-label={`Use ${provider.label}`}
                      onChange={(event) => {
                        if (isConfigurable(provider.id, view))
                          void update({ providers: { [provider.id]: { enabled: event.target.checked } } });
                      }}
                    />
                    <span className="switch-track" aria-hidden="true" />
                    <span className="switch-label">{provider.enabled ? 'On' : 'Off'}</span>
                  </label>
                </div>
                <p className="hint">{provider.note ?? `${provider.models.length} ${provider.models.length === 1 ? 'model' : 'models'}`}</p>
                {secret && (
                  <KeyField
                    name={secret}
                    providerName={provider.label}
                    keySet={view.secrets[secret] ?? false}
                    keyCheck={provider.keyCheck}
                  />
                )}
                <div className="provider-test">
                  <button type="button" className="ghost small" onClick={() => void testConnection(provider.id)} disabled={test?.running}>
                    {test?.running ? <span className="spinner" aria-hidden="true" /> : <Icon name="activity" />} Test
                  </button>
                  <span role="status" className={test && !test.running ? (test.ok ? 'test-ok' : 'test-failed') : undefined}>
                    {test?.running
                      ? 'Testing…'
                      : test?.at !== undefined
                        ? test.ok
                          ? `Connected in ${formatDuration(test.latencyMs)}`
                          : `Failed${test.message ? `: ${test.message}` : ''}`
                        : ''}
                  </span>
                </div>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
