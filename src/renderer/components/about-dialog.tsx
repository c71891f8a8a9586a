import { useEffect, useState } from 'react';
import { useModalDialog } from './common/use-modal-dialog.ts';
import type { AboutInfo } from '../../shared/motif-bridge.ts';
import iconUrl from '../assets/favicon.svg';
import { motif, userMessageOf } from '../bridge.ts';
import { useUiStore } from '../store/ui-store.ts';

/** The version, where data lives, and the licences of the art and fonts the app bundles. */
export function AboutDialog() {
  const open = useUiStore((s) => s.aboutOpen);
  const setAboutOpen = useUiStore((s) => s.setAboutOpen);
  const [about, setAbout] = useState<AboutInfo | undefined>();
  const [error, setError] = useState<string | undefined>();
  const ref = useModalDialog(open);

  useEffect(() => {
    if (!open) return;
    let current = true;
    setError(undefined);
    motif()
      .app.about()
      .then(
        (info) => current && setAbout(info),
        (failure: unknown) => current && setError(userMessageOf(failure)),
      );
    return () => {
      current = false;
    };
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="modal about-dialog"
      aria-labelledby="about-title"
      onClose={() => setAboutOpen(false)}
      data-testid="about-dialog"
    >
      {open && (
        <div className="about-body">
          <header className="about-head">
            <img className="about-icon" src={iconUrl} alt="" width={56} height={56} />
            <div>
              <h2 id="about-title">About Motif</h2>
              <p className="hint">{about ? `Version ${about.version}` : error ? '' : 'Loading…'}</p>
            </div>
          </header>
          {error && (
            <p className="banner tone-danger" role="alert">
              {error}
            </p>
          )}
          {about && (
            <>
              <section aria-labelledby="about-data">
                <h3 id="about-data">Where your data lives</h3>
                <dl className="about-paths">
                  <dt>Data folder</dt>
                  <dd>
                    <code>{about.dataDir}</code>
                  </dd>
                  <dt>Image library</dt>
                  <dd>
                    <code>{about.libraryDir}</code>
                  </dd>
                </dl>
                <p className="hint">
                  Settings, unfinished jobs, spend and provider state are kept in the data folder; every image in the library. Keys are
                  encrypted with the system keychain and never shown.
                </p>
              </section>
              <section aria-labelledby="about-credits">
                <h3 id="about-credits">Bundled art and fonts</h3>
                {about.credits.length === 0 ? (
                  <p className="hint">This build bundles no third-party art or fonts.</p>
                ) : (
                  <table className="about-credits">
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Kind</th>
                        <th scope="col">Licence</th>
                        <th scope="col">By</th>
                      </tr>
                    </thead>
                    <tbody>
                      {about.credits.map((credit) => (
                        <tr key={credit.package}>
                          <td>
                            {credit.title}{' '}
                            <span className="hint">
                              {credit.package} {credit.version}
                            </span>
                          </td>
                          <td>{credit.kind === 'art' ? 'Art' : 'Font'}</td>
                          <td>{credit.licence}</td>
                          <td>{credit.author ?? '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                <p className="hint">Each licence text ships with the app, beside the art or font it covers.</p>
              </section>
              <p className="hint about-runtime">
                {about.runtime.electron ? `Electron ${about.runtime.electron} · ` : ''}Node {about.runtime.node} · {about.runtime.platform}
              </p>
            </>
          )}
          <div className="about-actions">
            <button type="button" className="primary small" onClick={() => setAboutOpen(false)} autoFocus>
              Close
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
