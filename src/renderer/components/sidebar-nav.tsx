import { formatCost } from '../lib/format.ts';
import { PROVIDER_STATUS_LABELS, PROVIDER_STATUS_TONES } from '../lib/provider-status.ts';
import { isActive } from '../lib/job-reducer.ts';
import { useHealthStore } from '../store/health-store.ts';
import { useQueueStore } from '../store/queue-store.ts';
import { useUiStore, type View } from '../store/ui-store.ts';
import { Icon, type IconName } from './common/icon.tsx';

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

export const NAV_ITEMS: readonly { view: View; label: string; icon: IconName }[] = [
  { view: 'studio', label: 'Studio', icon: 'sparkles' },
  { view: 'gallery', label: 'Gallery', icon: 'image' },
  { view: 'health', label: 'Health', icon: 'activity' },
  { view: 'settings', label: 'Settings', icon: 'settings' },
];

/** The app's four places, plus provider status and today's spend always in sight. */
export function SidebarNav() {
  const view = useUiStore((s) => s.view);
  const setView = useUiStore((s) => s.setView);
  const running = useQueueStore((s) => Object.values(s.queue.jobs).filter(isActive).length);
  const snapshot = useHealthStore((s) => s.snapshot);
  const setAboutOpen = useUiStore((s) => s.setAboutOpen);

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Motif</span>
      </div>
      <ul className="nav-list">
        {NAV_ITEMS.map((item, index) => (
          <li key={item.view}>
            <button
              type="button"
              className={view === item.view ? 'nav-item current' : 'nav-item'}
              aria-current={view === item.view ? 'page' : undefined}
              aria-keyshortcuts={`${isMac ? 'Meta' : 'Control'}+${index + 1}`}
              title={`${item.label} (${MOD}${index + 1})`}
              onClick={() => setView(item.view)}
            >
              <Icon name={item.icon} size={18} />
              <span>{item.label}</span>
              {item.view === 'studio' && running > 0 && (
                <span className="nav-badge" aria-label={`${running} running`}>
                  {running}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot">
        {snapshot && (
          <>
            {/* Named by what it shows, so a screen reader hears each provider's status too. */}
            <button type="button" className="provider-mini" onClick={() => setView('health')} title="Open Health">
              <span className="visually-hidden">Provider status, open Health: </span>
              {snapshot.providers.map((provider) => (
                <span key={provider.id} className={`mini-row tone-${PROVIDER_STATUS_TONES[provider.status]}`}>
                  <span className="status-dot" aria-hidden="true" />
                  <span className="mini-name">{provider.label}</span>
                  <span className="mini-status">{PROVIDER_STATUS_LABELS[provider.status]}</span>
                </span>
              ))}
            </button>
            <p className="sidebar-spend">
              <span>Today</span>
              <strong>{formatCost(snapshot.spend.todayUsd)}</strong>
              {snapshot.spend.capUsd > 0 && <span className="hint"> of {formatCost(snapshot.spend.capUsd)}</span>}
            </p>
          </>
        )}
        <button type="button" className="about-link" onClick={() => setAboutOpen(true)}>
          About Motif
        </button>
      </div>
    </nav>
  );
}
