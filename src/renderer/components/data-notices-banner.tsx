import { useState } from 'react';
import { useSettingsStore } from '../store/settings-store.ts';

/**
 * What Motif found wrong with its own files at start-up (a settings file set
 * aside, unreadable ledger lines, a read-only library) and what it kept or
 * reset: shown until dismissed, so nothing is ever reset silently.
 */
export function DataNoticesBanner() {
  const notices = useSettingsStore((s) => s.view?.notices);
  const [dismissed, setDismissed] = useState(false);
  if (dismissed || notices === undefined || notices.length === 0) return null;
  return (
    <div className="banner tone-warning data-notices" role="status" aria-label="Problems found with Motif's files">
      <ul>
        {notices.map((notice, index) => (
          <li key={index}>
            <strong>{notice.file}</strong>: {notice.message}
          </li>
        ))}
      </ul>
      <button type="button" className="ghost small" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}
