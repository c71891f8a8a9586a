import { REQUEST_LIMITS } from '../../../shared/catalog.ts';
import { useSettingsStore } from '../../store/settings-store.ts';
import { randomSeed, useStudioStore } from '../../store/studio-store.ts';
import { Icon } from '../common/icon.tsx';
import { useModelsStore } from '../../store/models-store.ts';
import { LayoutPicker } from './layout-picker.tsx';
import { LoraPicker } from './lora-picker.tsx';

/** The model menu's last entry, which opens the catalogue instead of choosing a model. */
const MORE_MODELS = '__more-models__';

/** Count, seed with its lock, model and layout, LoRAs, and the negative prompt. */
export function GenerationOptions() {
  const count = useStudioStore((s) => s.count);
  const model = useStudioStore((s) => s.model);
  const seed = useStudioStore((s) => s.seed);
  const seedLocked = useStudioStore((s) => s.seedLocked);
  const negativePrompt = useStudioStore((s) => s.negativePrompt);
  const layout = useStudioStore((s) => s.layout);
  const set = useStudioStore((s) => s.set);
  const setSeed = useStudioStore((s) => s.setSeed);
  const setSeedLocked = useStudioStore((s) => s.setSeedLocked);
  const models = useSettingsStore((s) => s.view?.models);
  const openCatalogue = useModelsStore((s) => s.setOpen);
  const modelOptions = models && models.length > 0 ? models : [{ id: 'default', label: 'Best available' }];

  return (
    <div className="generation-options">
      <div className="option-row">
        <div className="field count-field">
          <span className="field-label" id="count-label">
            Images
          </span>
          <div className="stepper" role="group" aria-labelledby="count-label">
            <button type="button" aria-label="Fewer images" disabled={count <= 1} onClick={() => set({ count: Math.max(1, count - 1) })}>
              −
            </button>
            <output aria-live="polite" aria-label={`${count} images`}>
              {count}
            </output>
            <button
              type="button"
              aria-label="More images"
              disabled={count >= REQUEST_LIMITS.maxCount}
              onClick={() => set({ count: Math.min(REQUEST_LIMITS.maxCount, count + 1) })}
            >
              +
            </button>
          </div>
        </div>
        <div className="field seed-field">
          <label className="field-label" htmlFor="seed-input">
            Seed
          </label>
          <div className="seed-control">
            <input
              id="seed-input"
              type="number"
              inputMode="numeric"
              min={0}
              max={REQUEST_LIMITS.maxSeed}
              placeholder="Random"
              value={seedLocked && seed !== undefined ? seed : ''}
              onChange={(event) => setSeed(event.target.value === '' ? undefined : Math.max(0, Math.floor(Number(event.target.value))))}
            />
            <button
              type="button"
              className={seedLocked ? 'seed-lock small locked' : 'seed-lock small'}
              aria-pressed={seedLocked}
              aria-label={seedLocked ? 'Seed locked: unlock to use a new seed each time' : 'Lock the seed to repeat a result'}
              title={seedLocked ? 'Every generation uses this seed' : 'Each generation picks a new seed'}
              data-testid="seed-lock"
              onClick={() => setSeedLocked(!seedLocked)}
            >
              <Icon name={seedLocked ? 'lock' : 'unlock'} />
              {/* Words as well as the icon: locked and unlocked looked alike (issue 14, finding 7). */}
              {/* In a narrow form (1024 px window) "each time" drops, so the row fits with a 10-digit seed whole. */}
              <span aria-hidden="true">
                {seedLocked ? (
                  'Locked'
                ) : (
                  <>
                    New<span className="seed-lock-more"> each time</span>
                  </>
                )}
              </span>
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="New random seed"
              title="New random seed"
              onClick={() => setSeed(randomSeed())}
            >
              <Icon name="shuffle" />
            </button>
          </div>
        </div>
      </div>
      {/* Model and layout share a row: the form stays short enough that count and seed show above Generate at 1024×700. */}
      <div className="option-row select-row">
        <div className="field model-field">
          <label className="field-label" htmlFor="model-select">
            Model
          </label>
          <select
            id="model-select"
            value={model}
            onChange={(event) => {
              // "More models…" opens the catalogue; the chosen model stays until the designer picks another.
              if (event.target.value === MORE_MODELS) openCatalogue(true);
              else set({ model: event.target.value });
            }}
          >
            {!modelOptions.some((m) => m.id === model) && <option value={model}>{model}</option>}
            {modelOptions.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
            <option value={MORE_MODELS}>More models…</option>
          </select>
        </div>
        <LayoutPicker value={layout} onChange={(next) => set({ layout: next })} />
      </div>
      <LoraPicker />
      <div className="field">
        <label className="field-label" htmlFor="negative-input">
          Leave out <span className="optional">(negative prompt, optional)</span>
        </label>
        <input
          id="negative-input"
          type="text"
          value={negativePrompt}
          maxLength={REQUEST_LIMITS.negativePromptMaxChars}
          placeholder="text, logos, people"
          onChange={(event) => set({ negativePrompt: event.target.value })}
        />
      </div>
    </div>
  );
}
