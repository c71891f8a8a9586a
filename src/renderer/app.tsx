import { useEffect } from 'react';
import { AboutDialog } from './components/about-dialog.tsx';
import { DataNoticesBanner } from './components/data-notices-banner.tsx';
import { DetailDialog } from './components/gallery/detail-dialog.tsx';
import { FirstRun } from './components/first-run.tsx';
import { GalleryView } from './components/gallery/gallery-view.tsx';
import { HealthView } from './components/health/health-view.tsx';
import { SettingsView } from './components/settings/settings-view.tsx';
import { NAV_ITEMS, SidebarNav } from './components/sidebar-nav.tsx';
import { StudioView } from './components/studio-view.tsx';
import { PrintView } from './components/print/print-view.tsx';
import { Toasts } from './components/toasts.tsx';
import { useHealthStore } from './store/health-store.ts';
import { useQueueStore } from './store/queue-store.ts';
import { useSettingsStore } from './store/settings-store.ts';
import { useStudioStore } from './store/studio-store.ts';
import { useUiStore } from './store/ui-store.ts';

export function App() {
  const settings = useSettingsStore((s) => s.view);
  const loadError = useSettingsStore((s) => s.loadError);
  const view = useUiStore((s) => s.view);
  const theme = settings?.settings.theme ?? 'system';

  useEffect(() => {
    void useSettingsStore.getState().load();
    const stopQueue = useQueueStore.getState().start();
    const stopHealth = useHealthStore.getState().start();
    return () => {
      stopQueue();
      stopHealth();
    };
  }, []);

  useEffect(() => {
    if (settings) useStudioStore.getState().applyDefaults(settings);
  }, [settings]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const item = NAV_ITEMS[Number(event.key) - 1];
      if (item) {
        event.preventDefault();
        useUiStore.getState().setView(item.view);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  if (!settings) {
    return (
      <main className="app-loading" aria-busy={!loadError}>
        {loadError ? (
          <p className="banner tone-danger" role="alert">
            {loadError}
          </p>
        ) : (
          <span className="spinner large" aria-label="Starting Motif" />
        )}
      </main>
    );
  }

  if (!settings.settings.firstRunDone) {
    return (
      <>
        <FirstRun />
        <Toasts />
      </>
    );
  }

  return (
    <div className="app-shell">
      <SidebarNav />
      <main className="app-main" id="main">
        <DataNoticesBanner />
        {/* Studio and gallery stay mounted so the prompt, queue and scroll position survive switching. */}
        <div className="view-host" hidden={view !== 'studio'}>
          <StudioView />
        </div>
        <div className="view-host" hidden={view !== 'gallery'}>
          <GalleryView />
        </div>
        {view === 'health' && (
          <div className="view-host">
            <HealthView />
          </div>
        )}
        {view === 'print' && (
          <div className="view-host">
            <PrintView />
          </div>
        )}
        {view === 'settings' && (
          <div className="view-host">
            <SettingsView />
          </div>
        )}
      </main>
      <DetailDialog />
      <AboutDialog />
      <Toasts />
    </div>
  );
}
