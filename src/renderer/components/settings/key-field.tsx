import { useId, useState } from 'react';
import type { ProviderInfo, SecretName } from '../../../shared/motif-bridge.ts';
import { useSettingsStore } from '../../store/settings-store.ts';
import { Icon } from '../common/icon.tsx';

/**
 * Write-only key entry. The value lives only in this field until Save sends it
 * to main, which checks it with the provider (a cheap authenticated call);
 * afterwards the app shows what that check found, never the key: "Key set ·
 * works", a red "Key rejected" until the key changes, or "couldn't check"
 * when the provider could not be reached (which says nothing about the key).
 */
export function KeyField({
  name,
  providerName,
  keySet,
  keyCheck,
}: {
  name: SecretName;
  providerName: string;
  keySet: boolean;
  keyCheck: ProviderInfo['keyCheck'];
}) {
  const setKey = useSettingsStore((s) => s.setKey);
  const clearKey = useSettingsStore((s) => s.clearKey);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const rejected = keySet && keyCheck?.verdict === 'rejected';
  const showInput = editing || !keySet || rejected;
  const status = busy
    ? { tone: '', icon: 'key' as const, text: 'Checking the key…' }
    : !keySet
      ? { tone: '', icon: 'key' as const, text: 'No key' }
      : rejected
        ? { tone: 'rejected', icon: 'alert' as const, text: 'Key rejected' }
        : keyCheck?.verdict === 'valid'
          ? { tone: 'set', icon: 'check' as const, text: 'Key set · works' }
          : keyCheck?.verdict === 'unverified'
            ? { tone: 'set', icon: 'check' as const, text: 'Key set · couldn’t check it' }
            : { tone: 'set', icon: 'check' as const, text: 'Key set' };

  const save = async (): Promise<void> => {
    const key = value.trim();
    if (!key) return;
    setBusy(true);
    const ok = await setKey(name, key);
    setBusy(false);
    setValue('');
    if (ok) setEditing(false);
  };

  return (
    <div className="key-field">
      <span className={`key-status ${status.tone}`} data-testid={`key-status-${name}`} data-verdict={keyCheck?.verdict ?? 'none'}>
        <Icon name={status.icon} /> {status.text}
      </span>
      {!busy && keySet && keyCheck && keyCheck.verdict !== 'valid' && (
        <p className={rejected ? 'key-check-note rejected' : 'key-check-note'} role={rejected ? 'alert' : undefined}>
          {rejected
            ? `${providerName} refused this key, so Motif will not use it. Paste a new one.`
            : `${providerName} could not be reached to check the key (${keyCheck.message ?? 'no answer'}). It is kept; Motif checks it again on the next job.`}
        </p>
      )}
      {showInput ? (
        <form
          className="key-entry"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <label htmlFor={inputId} className="visually-hidden">{`${providerName} API key`}</label>
          <input
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={value}
            placeholder={keySet ? 'Paste the new key' : `Paste your ${providerName} API key`}
            onChange={(event) => setValue(event.target.value)}
          />
          <button type="submit" className="primary small" disabled={busy || value.trim() === ''}>
            Save key
          </button>
          {keySet && !rejected && (
            <button
              type="button"
              className="ghost small"
              onClick={() => {
                setEditing(false);
                setValue('');
              }}
            >
              Cancel
            </button>
          )}
        </form>
      ) : (
        <div className="key-actions">
          <button type="button" className="secondary small" onClick={() => setEditing(true)} aria-label={`Replace the ${providerName} key`}>
            Replace
          </button>
          <button type="button" className="ghost small" onClick={() => void clearKey(name)} aria-label={`Clear the ${providerName} key`}>
            Clear
          </button>
        </div>
      )}
    </div>
  );
}
