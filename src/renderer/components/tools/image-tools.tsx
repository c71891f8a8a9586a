import { useId, useState, type KeyboardEvent } from 'react';
import type { HistoryEntry, JobSnapshot } from '../../../shared/motif-bridge.ts';
import { useQueueStore } from '../../store/queue-store.ts';
import { Icon, type IconName } from '../common/icon.tsx';
import { LineageView } from './lineage-view.tsx';
import { ToolPanel } from './tool-panel.tsx';
import { TOOLS, type ToolId } from './tool-options.ts';

const TOOL_ICONS: Readonly<Record<ToolId, IconName>> = {
  vary: 'shuffle',
  outpaint: 'expand',
  inpaint: 'brush',
  upscale: 'zoomIn',
  'remove-background': 'scissors',
  vectorize: 'pen',
  seamless: 'tile',
};

interface ImageToolsProps {
  readonly entry: HistoryEntry;
  /** Called once a tool's job is queued (the details view closes and shows the queue). */
  readonly onStarted?: ((job: JobSnapshot) => void) | undefined;
  /** `card`: the compact row of a queue card, without the lineage. */
  readonly variant?: 'details' | 'card';
}

/**
 * The image tools for one library image: Vary, Extend, Edit area, Upscale,
 * Remove background and Vectorize. Picking a tool opens its options with the
 * cost estimate ("≈ $0.0026", "free" offline) before anything runs; running it
 * queues a job like a generation, whose results link back to this image. In
 * the details view the row also shows where the image came from (its lineage).
 */
export function ImageTools({ entry, onStarted, variant = 'details' }: ImageToolsProps) {
  const [open, setOpen] = useState<ToolId | undefined>(undefined);
  const submitTask = useQueueStore((s) => s.submitTask);
  const panelId = useId();

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape' && open !== undefined) {
      // Close the tool first; a second Escape closes the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      setOpen(undefined);
    }
  };

  return (
    <div className={`image-tools ${variant}`} onKeyDown={onKeyDown} data-testid="image-tools">
      {variant === 'details' && <LineageView entry={entry} />}
      <div className="tool-row" role="toolbar" aria-label="Image tools">
        {TOOLS.map((tool) => (
          <button
            key={tool.id}
            type="button"
            className={open === tool.id ? 'secondary small pressed' : 'secondary small'}
            aria-expanded={open === tool.id}
            aria-controls={open === tool.id ? panelId : undefined}
            title={tool.hint}
            onClick={() => setOpen(open === tool.id ? undefined : tool.id)}
          >
            <Icon name={TOOL_ICONS[tool.id]} /> {tool.label}
          </button>
        ))}
      </div>
      {open !== undefined && (
        <ToolPanel
          key={`${entry.id}-${open}`}
          id={panelId}
          tool={open}
          entry={entry}
          onCancel={() => setOpen(undefined)}
          onRun={async (input) => {
            const job = await submitTask(input);
            if (job === undefined) return;
            setOpen(undefined);
            onStarted?.(job);
          }}
        />
      )}
    </div>
  );
}
