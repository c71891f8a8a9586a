import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useGalleryStore } from '../../store/gallery-store.ts';
import { useProjectsStore } from '../../store/projects-store.ts';
import { motif, userMessageOf } from '../../bridge.ts';
import { usePrintStore } from '../../store/print-store.ts';
import { toastError, toastExported } from '../../store/ui-store.ts';

/** Every image in a project, newest first (a project of up to 5,000 images). */
async function projectIds(project: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; offset < 5_000; offset += 500) {
    const page = await motif().library.list({ project, offset, limit: 500 });
    ids.push(...page.items.map((e) => e.id));
    if (ids.length >= page.total || page.items.length === 0) break;
  }
  return ids;
}

/** What Import… and a drop take: images, and zips of them (a project export, or a client's folder). */
const IMPORT_TYPES = 'image/png,image/jpeg,image/webp,application/zip,.zip';

/**
 * The gallery's organiser row: the project filter (with each project's cover
 * and count), new / rename / delete, the tag filter with autocomplete, "Add
 * to project" for the selection, and Import…
 */
export function ProjectBar(): React.JSX.Element {
  const { projects, tags, refresh, create, rename, remove, file, importFiles } = useProjectsStore();
  const filters = useGalleryStore((s) => s.filters);
  const setFilters = useGalleryStore((s) => s.setFilters);
  const selection = useGalleryStore((s) => s.selection);
  const [naming, setNaming] = useState<'new' | 'rename' | undefined>(undefined);
  const [name, setName] = useState('');
  const [tag, setTag] = useState(filters.tag ?? '');
  const [forClients, setForClients] = useState(false);
  const exportProject = async (id: string): Promise<void> => {
    try {
      const result = await motif().library.export(await projectIds(id), 'zip', { embedSettings: !forClients });
      if (result) toastExported(`Exported ${result.exported} ${result.exported === 1 ? 'design' : 'designs'}`, result.path);
    } catch (error) {
      toastError(userMessageOf(error));
    }
  };
  const picker = useRef<HTMLInputElement>(null);
  useEffect(() => void refresh(), [refresh]);
  useEffect(() => setTag(filters.tag ?? ''), [filters.tag]);
  const current = projects.find((p) => p.id === filters.project);

  const submitName = async (): Promise<void> => {
    if (naming === 'new') {
      const made = await create(name);
      if (made) setFilters({ project: made.id });
    } else if (naming === 'rename' && current) await rename(current.id, name);
    setNaming(undefined);
  };

  return (
    <div className="project-bar" role="group" aria-label="Projects and tags">
      <label className="project-filter">
        <span>Project</span>
        <select aria-label="Project" value={filters.project ?? ''} onChange={(e) => setFilters({ project: e.target.value || undefined })}>
          <option value="">All images</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.count})
            </option>
          ))}
        </select>
      </label>
      {current && (
        <span className="project-current" data-testid="project-current">
          {current.coverEntryId && (
            <img className="project-cover" src={motif().media.thumbnailUrl(current.coverEntryId)} alt={`Cover of ${current.name}`} />
          )}
          <span className="project-count">{current.count === 1 ? '1 design' : `${current.count} designs`}</span>
          <button type="button" className="ghost" disabled={current.count === 0} onClick={() => void exportProject(current.id)}>
            Export project
          </button>
          <label className="project-for-clients" title="Leave the prompt, seed, model and cost out of the exported files">
            <input type="checkbox" checked={forClients} onChange={(e) => setForClients(e.target.checked)} /> Without settings (for clients)
          </label>
          <button
            type="button"
            className="ghost"
            disabled={current.count === 0}
            onClick={() =>
              void projectIds(current.id).then(
                (ids) => usePrintStore.getState().open(ids),
                (error: unknown) => toastError(userMessageOf(error)),
              )
            }
          >
            Print project
          </button>
          <button type="button" className="ghost" onClick={() => (setName(current.name), setNaming('rename'))}>
            Rename
          </button>
          <button
            type="button"
            className="ghost"
            onClick={() => {
              if (window.confirm(`Delete the project "${current.name}"? Its images stay in the library.`)) void remove(current.id);
            }}
          >
            Delete project
          </button>
        </span>
      )}
      {naming ? (
        <form
          className="project-name-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submitName();
          }}
        >
          <input
            aria-label="Project name"
            autoFocus
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            placeholder="Smith wedding"
          />
          <button type="submit" className="primary">
            {naming === 'new' ? 'Create' : 'Save'}
          </button>
          <button type="button" className="ghost" onClick={() => setNaming(undefined)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => (setName(''), setNaming('new'))}>
          New project
        </button>
      )}
      {selection.size > 0 && projects.length > 0 && (
        <select
          aria-label="Add selection to project"
          value=""
          onChange={(e) => {
            if (e.target.value) void file(e.target.value, [...selection]);
          }}
        >
          <option value="">Add {selection.size} to project…</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
      <form
        className="tag-filter"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ tag: tag.trim().toLowerCase() || undefined });
        }}
      >
        <input aria-label="Filter by tag" list="motif-tags" placeholder="Tag" value={tag} onChange={(e) => setTag(e.target.value)} />
        <datalist id="motif-tags">
          {tags.map((t) => (
            <option key={t.tag} value={t.tag}>{`${t.tag} (${t.count})`}</option>
          ))}
        </datalist>
      </form>
      <button type="button" onClick={() => picker.current?.click()}>
        Import…
      </button>
      <input
        ref={picker}
        type="file"
        accept={IMPORT_TYPES}
        multiple
        hidden
        data-testid="import-files"
        onChange={(e) => {
          void importFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
    </div>
  );
}

/** Props that make an element a drop zone for image and zip files: dropped files are imported into the library. */
export function useImportDrop(): { onDragOver: (event: DragEvent) => void; onDrop: (event: DragEvent) => void } {
  const importFiles = useProjectsStore((s) => s.importFiles);
  return {
    onDragOver: (event) => {
      if ([...event.dataTransfer.types].includes('Files')) event.preventDefault();
    },
    onDrop: (event) => {
      const files = [...event.dataTransfer.files].filter(
        (f) => IMPORT_TYPES.split(',').includes(f.type) || /\.(png|jpe?g|webp|zip)$/i.test(f.name),
      );
      if (files.length === 0) return;
      event.preventDefault();
      void importFiles(files);
    },
  };
}
