import { PAPER_PRESETS, PAPER_PRESET_IDS, PENNANT_SHAPES } from '../../../shared/catalog.ts';
import type { PrintChoices, PrintProduct } from '../../lib/print-choices.ts';
import { usePrintStore } from '../../store/print-store.ts';
import { useUiStore } from '../../store/ui-store.ts';
import { Icon } from '../common/icon.tsx';
import { PrintPreview } from './print-preview.tsx';

const PRODUCTS: readonly { id: PrintProduct; label: string }[] = [
  { id: 'print', label: 'Print' },
  { id: 'stickers', label: 'Stickers' },
  { id: 'bunting', label: 'Bunting' },
  { id: 'pattern', label: 'Wrapping paper' },
];

function SizeSelect({
  label,
  value,
  onChange,
  allowNone,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  allowNone?: string;
}) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
        {allowNone !== undefined && <option value="">{allowNone}</option>}
        {PAPER_PRESET_IDS.map((id) => (
          <option key={id} value={id}>
            {PAPER_PRESETS[id].label}
          </option>
        ))}
        <option value="custom">Custom…</option>
      </select>
    </label>
  );
}

function NumberField({
  label,
  value,
  step,
  min,
  max,
  onChange,
}: {
  label: string;
  value: number;
  step: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
}) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="number"
        value={value}
        step={step}
        min={min}
        max={max}
        onChange={(event) => {
          const number = Number(event.target.value);
          if (Number.isFinite(number) && number >= min && number <= max) onChange(number);
        }}
      />
    </label>
  );
}

function PrintOptions({
  choices,
  choose,
  bleedMm,
}: {
  choices: PrintChoices;
  choose: (patch: Partial<PrintChoices>) => void;
  bleedMm: number;
}) {
  return (
    <>
      <SizeSelect label="Size" value={choices.size} onChange={(size) => choose({ size })} />
      {choices.size === 'custom' && (
        <div className="field-row">
          <NumberField
            label="Width"
            value={choices.customWidth}
            step={1}
            min={10}
            max={2000}
            onChange={(customWidth) => choose({ customWidth })}
          />
          <NumberField
            label="Height"
            value={choices.customHeight}
            step={1}
            min={10}
            max={2000}
            onChange={(customHeight) => choose({ customHeight })}
          />
          <label className="field">
            <span className="field-label">Unit</span>
            <select value={choices.customUnit} onChange={(event) => choose({ customUnit: event.target.value as 'mm' | 'in' })}>
              <option value="mm">mm</option>
              <option value="in">in</option>
            </select>
          </label>
        </div>
      )}
      {choices.product === 'print' && (
        <>
          <div className="field-row">
            <label className="field">
              <span className="field-label">Orientation</span>
              <select
                value={choices.orientation}
                onChange={(event) => choose({ orientation: event.target.value as PrintChoices['orientation'] })}
              >
                <option value="portrait">Portrait</option>
                <option value="landscape">Landscape</option>
              </select>
            </label>
            <label className="field">
              <span className="field-label">Placement</span>
              <select value={choices.fit} onChange={(event) => choose({ fit: event.target.value as PrintChoices['fit'] })}>
                <option value="fill">Fill (crop to the bleed)</option>
                <option value="fit">Fit (whole design)</option>
              </select>
            </label>
          </div>
          {choices.fit === 'fill' && (
            <div className="field-row">
              <label className="field">
                <span className="field-label">Crop across</span>
                <input
                  type="range"
                  min={0}
                  max={1}
                  step={0.05}
                  value={choices.cropX}
                  onChange={(event) => choose({ cropX: Number(event.target.value) })}
                />
              </label>
              <label className="field">
                <span className="field-label">Crop down</span>
                <input
                  type="range"
                  min={0}
                  max={1}
                  step={0.05}
                  value={choices.cropY}
                  onChange={(event) => choose({ cropY: Number(event.target.value) })}
                />
              </label>
            </div>
          )}
          <div className="field-row">
            <NumberField
              label="Bleed (mm)"
              value={choices.bleedMm ?? bleedMm}
              step={0.5}
              min={0}
              max={25}
              onChange={(bleedMm) => choose({ bleedMm })}
            />
            <label className="field checkbox">
              <input type="checkbox" checked={choices.marks} onChange={(event) => choose({ marks: event.target.checked })} /> Crop marks
            </label>
          </div>
          <SizeSelect
            label="Several on a sheet (N-up)"
            value={choices.nUpSheet}
            allowNone="One per page"
            onChange={(nUpSheet) => choose({ nUpSheet })}
          />
          <label className="field">
            <span className="field-label">File</span>
            <select value={choices.format} onChange={(event) => choose({ format: event.target.value as PrintChoices['format'] })}>
              <option value="pdf">PDF (print shops)</option>
              <option value="png">PNG at 300 ppi</option>
              <option value="tiff">TIFF at 300 ppi</option>
            </select>
          </label>
        </>
      )}
      {choices.product === 'stickers' && (
        <div className="field-row">
          <NumberField
            label="Sticker size (mm)"
            value={choices.stickerSizeMm}
            step={5}
            min={10}
            max={300}
            onChange={(stickerSizeMm) => choose({ stickerSizeMm })}
          />
          <NumberField
            label="Cut offset (mm)"
            value={choices.stickerOffsetMm}
            step={0.5}
            min={0.5}
            max={15}
            onChange={(stickerOffsetMm) => choose({ stickerOffsetMm })}
          />
          <label className="field checkbox">
            <input
              type="checkbox"
              checked={choices.registrationMarks}
              onChange={(event) => choose({ registrationMarks: event.target.checked })}
            />{' '}
            Registration marks
          </label>
        </div>
      )}
      {choices.product === 'bunting' && (
        <>
          <label className="field">
            <span className="field-label">Phrase</span>
            <input type="text" value={choices.phrase} maxLength={120} onChange={(event) => choose({ phrase: event.target.value })} />
          </label>
          <div className="field-row">
            <label className="field">
              <span className="field-label">Pennant</span>
              <select value={choices.shape} onChange={(event) => choose({ shape: event.target.value as PrintChoices['shape'] })}>
                {PENNANT_SHAPES.map((shape) => (
                  <option key={shape} value={shape}>
                    {shape}
                  </option>
                ))}
              </select>
            </label>
            <label className="field checkbox">
              <input type="checkbox" checked={choices.banner} onChange={(event) => choose({ banner: event.target.checked })} /> One long
              banner
            </label>
          </div>
        </>
      )}
      {choices.product === 'pattern' && (
        <NumberField
          label="Repeat size (mm)"
          value={choices.tileMm}
          step={10}
          min={10}
          max={1000}
          onChange={(tileMm) => choose({ tileMm })}
        />
      )}
    </>
  );
}

/** The Print view: product, size and options, a live preview with guides, preflight, and Export. */
export function PrintView() {
  const { ids, choices, report, reportError, checking, exporting, lastResult, choose, exportFile, runFix, fixing, madeFrom } =
    usePrintStore();
  const setView = useUiStore((s) => s.setView);
  const forProduct = choices.product === 'print' ? choices : { ...choices, size: choices.sheet };
  const chooseFor = (patch: Partial<PrintChoices>): void =>
    choose(choices.product !== 'print' && patch.size !== undefined ? { ...patch, sheet: patch.size, size: choices.size } : patch);
  return (
    <section className="print-view" aria-label="Print">
      <header className="view-header">
        <button type="button" className="ghost small" onClick={() => setView('gallery')}>
          ← Gallery
        </button>
        <h1>Print {ids.length > 1 ? `${ids.length} designs` : ids[0] ? 'a design' : ''}</h1>
      </header>
      <div className="print-layout">
        <form className="print-options" onSubmit={(event) => event.preventDefault()} aria-label="Print options">
          <div className="segmented" role="radiogroup" aria-label="Product">
            {PRODUCTS.map((product) => (
              <button
                key={product.id}
                type="button"
                role="radio"
                aria-checked={choices.product === product.id}
                className={choices.product === product.id ? 'segment selected' : 'segment'}
                onClick={() => choose({ product: product.id })}
              >
                {product.label}
              </button>
            ))}
          </div>
          <PrintOptions choices={forProduct} choose={chooseFor} bleedMm={report?.bleedMm ?? 3} />
          <button type="button" className="primary" disabled={exporting || !report} onClick={() => void exportFile()}>
            <Icon name="download" /> {exporting ? 'Exporting…' : 'Export'}
          </button>
          {lastResult && (
            <p className="print-saved" data-testid="print-saved">
              Saved {lastResult.path}
              {lastResult.extraPaths.length > 0 ? ` (+ ${lastResult.extraPaths.length} beside it)` : ''}
            </p>
          )}
        </form>
        <div className="print-stage" aria-busy={checking}>
          {reportError && (
            <p className="banner tone-danger" role="alert">
              {reportError}
            </p>
          )}
          {report && <PrintPreview report={report} ids={ids} choices={choices} />}
          {report && (
            <div className="print-preflight" data-testid="print-preflight">
              <p className="print-geometry">
                {report.pageWidthMm} × {report.pageHeightMm} mm page · {report.pages} page{report.pages === 1 ? '' : 's'}
                {report.piecesPerPage > 1 ? ` · ${report.piecesPerPage} per page` : ''}
                {report.bleedMm > 0 ? ` · ${report.bleedMm} mm bleed` : ''}
              </p>
              {report.arts.map((art) => (
                <div
                  key={art.label}
                  className={art.soft ? 'banner tone-warning' : 'banner tone-success'}
                  role={art.soft ? 'alert' : 'status'}
                  data-testid="print-verdict"
                >
                  <strong>{art.message}</strong>
                  {art.fixes.length > 0 && (
                    <div className="print-fixes">
                      {art.fixes.map((fix) => {
                        const mode = fix.mode;
                        if (mode === 'upscale' || mode === 'seamless')
                          return (
                            <button
                              key={mode}
                              type="button"
                              className="secondary small"
                              disabled={fixing !== undefined}
                              onClick={() =>
                                void runFix(
                                  art.label,
                                  mode === 'upscale' ? { task: 'upscale', factor: fix.factor ?? 2 } : { task: 'seamless' },
                                )
                              }
                            >
                              {fix.label}
                            </button>
                          );
                        return (
                          <button
                            key={mode}
                            type="button"
                            className="secondary small"
                            aria-pressed={choices.enhance === mode}
                            onClick={() => choose({ enhance: choices.enhance === mode ? 'none' : mode })}
                          >
                            {fix.label}
                          </button>
                        );
                      })}
                    </div>
                  )}
                  {fixing?.id === art.label && (
                    <p className="hint" role="status">
                      {fixing.task === 'upscale' ? 'Upscaling…' : 'Repairing the seam…'} the result is saved in the library, made from this
                      design.
                    </p>
                  )}
                  {madeFrom[art.label]?.task === 'upscale' && (
                    <p className="hint" data-testid="print-upscaled">
                      Printing the upscaled copy ({art.widthPx} × {art.heightPx} px), made from {madeFrom[art.label]!.from}.
                    </p>
                  )}
                  {madeFrom[art.label]?.task === 'seamless' && (
                    <p className="hint" data-testid="print-repaired">
                      Repeating the repaired tile (its seam repainted by inpainting), made from {madeFrom[art.label]!.from}.
                    </p>
                  )}
                  {art.vectorNote !== undefined && <p className="hint">{art.vectorNote}</p>}
                  {art.method === 'paths' && <p className="hint">Export will use: the vector original, drawn as PDF paths.</p>}
                  {art.method !== 'original' && art.method !== 'paths' && (
                    <p className="hint">
                      Export will use:{' '}
                      {art.method === 'vector'
                        ? 'the vector original, re-rendered'
                        : art.method === 'resample'
                          ? 'a local resample (no new detail)'
                          : 'a downsample'}{' '}
                      at {art.outputPpi} ppi.
                    </p>
                  )}
                </div>
              ))}
              {report.notes.map((note) => (
                <p key={note} className="hint">
                  {note}
                </p>
              ))}
              <p className="hint print-legend">
                <span className="swatch bleed" /> bleed <span className="swatch trim" /> trim <span className="swatch safe" /> safe area
              </p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
