import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { TASK_LIMITS } from '../../../shared/catalog.ts';
import { toastError } from '../../store/ui-store.ts';
import { useStudioStore } from '../../store/studio-store.ts';
import { Icon } from '../common/icon.tsx';

/** The image files Motif imports; the engine checks the bytes again (it sniffs, never trusts a name). */
const ACCEPTED_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/webp']);

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/** Why a dropped file cannot be imported, in words; undefined when it can. */
export function dropProblem(file: Pick<File, 'name' | 'type' | 'size'>): string | undefined {
  if (!ACCEPTED_TYPES.has(file.type)) return `${file.name} is not a PNG, JPEG or WebP image.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > TASK_LIMITS.maxSourceBytes)
    return `${file.name} is larger than ${Math.round(TASK_LIMITS.maxSourceBytes / 1024 / 1024)} MB; Motif imports images up to that size.`;
  return undefined;
}

/**
 * Wraps the studio: dropping a PNG, JPEG or WebP file onto it imports the file
 * into the library (a job in the queue like any other) and makes it the image
 * the studio starts from, with the tool row beside it.
 */
export function ImageDropZone({ children }: { readonly children: ReactNode }) {
  const importFile = useStudioStore((s) => s.importFile);
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child; count them so the hint does not flicker.
  const depth = useRef(0);

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file === undefined) return;
    if (event.dataTransfer.files.length > 1) toastError('Drop one image at a time; Motif started from the first.');
    const problem = dropProblem(file);
    if (problem !== undefined) {
      toastError(problem);
      return;
    }
    void importFile(file);
  };

  return (
    <div
      className={over ? 'image-drop-zone over' : 'image-drop-zone'}
      data-testid="image-drop-zone"
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={onDrop}
    >
      {children}
      {over && (
        <div className="drop-hint" aria-hidden="true">
          <Icon name="image" size={32} />
          <p>Drop a PNG, JPEG or WebP image to start from it</p>
        </div>
      )}
    </div>
  );
}
