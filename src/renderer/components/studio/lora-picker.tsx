import { CATALOGUE_LIMITS } from '../../../shared/catalog.ts';
import { useModelsStore } from '../../store/models-store.ts';
import { useSettingsStore } from '../../store/settings-store.ts';
import { useStudioStore } from '../../store/studio-store.ts';
import { Icon } from '../common/icon.tsx';

/** LoRAs for the next generation: pick from the pinned ones, set each one's weight with a slider. */
export function LoraPicker() {
  const loras = useStudioStore((s) => s.loras);
  const setLoras = useStudioStore((s) => s.setLoras);
  const pinned = useSettingsStore((s) => s.view?.settings.pinnedModels);
  const openCatalogue = useModelsStore((s) => s.setOpen);
  const available = (pinned ?? []).filter((m) => m.category === 'lora');
  const nameOf = (air: string): string => available.find((m) => m.air === air)?.name ?? air;
  const addable = available.filter((m) => !loras.some((l) => l.model === m.air));
  const full = loras.length >= CATALOGUE_LIMITS.maxLoras;

  return (
    <fieldset className="field lora-picker">
      <legend className="field-label">
        LoRAs <span className="optional">(optional; Runware applies them, other providers say they left them out)</span>
      </legend>
      {loras.length > 0 && (
        <ul className="lora-list">
          {loras.map((lora, index) => {
            const id = `lora-weight-${index}`;
            return (
              <li key={lora.model} className="lora-row">
                <label htmlFor={id} className="lora-name" title={lora.model}>
                  {nameOf(lora.model)}
                </label>
                <input
                  id={id}
                  type="range"
                  min={CATALOGUE_LIMITS.loraWeightMin}
                  max={CATALOGUE_LIMITS.loraWeightMax}
                  step={0.05}
                  value={lora.weight}
                  aria-valuetext={`weight ${lora.weight.toFixed(2)}`}
                  onChange={(event) =>
                    setLoras(loras.map((l) => (l.model === lora.model ? { ...l, weight: Number(event.target.value) } : l)))
                  }
                />
                <output htmlFor={id} className="lora-weight">
                  {lora.weight.toFixed(2)}
                </output>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${nameOf(lora.model)}`}
                  onClick={() => setLoras(loras.filter((l) => l.model !== lora.model))}
                >
                  <Icon name="x" />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="lora-add">
        {addable.length > 0 && !full && (
          <select
            aria-label="Add a LoRA"
            value=""
            onChange={(event) => {
              if (event.target.value) setLoras([...loras, { model: event.target.value, weight: CATALOGUE_LIMITS.loraWeightDefault }]);
            }}
          >
            <option value="">Add a pinned LoRA…</option>
            {addable.map((m) => (
              <option key={m.air} value={m.air}>
                {m.name}
              </option>
            ))}
          </select>
        )}
        <button type="button" className="ghost" onClick={() => openCatalogue(true)}>
          {available.length === 0 ? 'Find LoRAs in the catalogue…' : 'More LoRAs…'}
        </button>
      </div>
    </fieldset>
  );
}
