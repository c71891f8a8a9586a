import { useId, useState } from 'react';
import type { SecretName } from '../../../shared/motif-bridge.ts';
import { useSettingsStore } from '../../store/settings-store.ts';
import { Icon } from '../common/icon.tsx';

/**
 * Write-only key entry. The value lives only in this field until Save sends it
 * to main; afterwards the app shows "Key set", never the key.
 */
export function KeyField({ name, providerName, keySet }: { name: SecretName; providerName: string; keySet: boolean }) {
  const setKey = useSettingsStore((s) => s.setKey);
  const clearKey = useSettingsStore((s) => s.clearKey);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const showInput = editing || !keySet;

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
      <span className={keySet ? 'key-status set' : 'key-status'} data-testid={`key-status-${name}`}>
        <Icon name={keySet ? 'check' : 'key'} /> {keySet ? 'Key set' : 'No key'}
      </span>
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
          {keySet && (
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
