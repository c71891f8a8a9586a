import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { describeTask, IMAGE_TASK_KINDS, type ImageTaskKind } from '../../../shared/catalog.ts';

function isTaskKind(task: string): task is ImageTaskKind {
  return (IMAGE_TASK_KINDS as readonly string[]).includes(task);
}

/**
 * The words for the tool that made an entry ("Vary", "Upscale ×2"), from its
 * `task` and `taskParams`; an original says "Original", and a tool a newer
 * version knows is shown by its name.
 */
export function entryTaskLabel(entry: Pick<HistoryEntry, 'task' | 'taskParams'>): string {
  if (entry.task === undefined) return 'Original';
  if (!isTaskKind(entry.task)) return entry.task;
  const factor = entry.taskParams?.factor;
  return describeTask({ kind: entry.task, ...(typeof factor === 'number' ? { factor } : {}) });
}
