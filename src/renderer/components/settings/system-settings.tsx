import type { SettingsView } from '../../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../../bridge.ts';
import { formatCost } from '../../lib/format.ts';
import { useHealthStore } from '../../store/health-store.ts';
import { useSettingsStore } from '../../store/settings-store.ts';
import { toastError } from '../../store/ui-store.ts';
import { Icon } from '../common/icon.tsx';
import { CommitNumberField } from './commit-number-field.tsx';

/** Library location, spending cap and the local API server. */
export function SystemSettings({ view }: { view: SettingsView }) {
  const update = useSettingsStore((s) => s.update);
  const moveLibrary = useSettingsStore((s) => s.moveLibrary);
  const setServerEnabled = useSettingsStore((s) => s.setServerEnabled);
  const spend = useHealthStore((s) => s.snapshot?.spend);
  const { server, budget } = view.settings;
  return (
    <>
      <section className="settings-section" aria-labelledby="library-title">
        <h2 id="library-title">Library</h2>
        <p className="section-help">Images, thumbnails and the history index live in one folder on this computer.</p>
        <div className="library-location">
          <code className="path" title={view.libraryDir} data-testid="library-dir">
            {view.libraryDir}
          </code>
          <button type="button" className="secondary small" onClick={() => void moveLibrary()}>
            <Icon name="folder" /> Move…
          </button>
          <button
            type="button"
            className="ghost small"
            onClick={() =>
              motif()
                .library.openFolder()
                .catch((error: unknown) => toastError(userMessageOf(error)))
            }
          >
            <Icon name="external" /> Open
          </button>
        </div>
      </section>
      <section className="settings-section" aria-labelledby="budget-title">
        <h2 id="budget-title">Daily budget</h2>
        <p className="section-help">Paid providers stop for the day at the cap; the offline engine keeps working. 0 means no cap.</p>
        <div className="budget-row">
          <CommitNumberField
            label="Daily cap (USD)"
            prefix="$"
            value={budget.dailyCapUsd}
            min={0}
            max={100_000}
            step={0.5}
            onCommit={(dailyCapUsd) => void update({ budget: { dailyCapUsd } })}
          />
          <div className="spend-today" aria-live="polite">
            <span className="field-label">Spent today</span>
            <span className="spend-value">{spend ? formatCost(spend.todayUsd) : '—'}</span>
            {spend && spend.unknownPricedToday > 0 && <span className="hint">+ {spend.unknownPricedToday} at unknown price</span>}
          </div>
        </div>
      </section>
      <section className="settings-section" aria-labelledby="server-title">
        <h2 id="server-title">Local API server</h2>
        <p className="section-help">Lets scripts on this computer generate through Motif. Listens on 127.0.0.1 only and needs a token.</p>
        <label className="switch">
          <input type="checkbox" role="switch" checked={server.enabled} onChange={(event) => void setServerEnabled(event.target.checked)} />
          <span className="switch-track" aria-hidden="true" />
          <span className="switch-label">{server.enabled ? 'Server on' : 'Server off'}</span>
        </label>
        <CommitNumberField label="Port" value={server.port} min={1024} max={65535} onCommit={(port) => void update({ server: { port } })} />
        <p className="hint" data-testid="server-token">
          <Icon name="key" />{' '}
          {view.secrets['server-token']
            ? 'Access token set (managed by Motif).'
            : 'No access token yet; Motif creates one when the server starts.'}
        </p>
      </section>
    </>
  );
}
