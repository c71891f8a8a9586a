import { useState } from 'react';
import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { useProjectsStore } from '../../store/projects-store.ts';

/** In the details view: which projects the image is in (tick to add or take out, make it the cover) and its tags. */
export function EntryOrganiser({ entry }: { readonly entry: HistoryEntry }): React.JSX.Element {
  const { projects, tags: known, file, unfile, setCover, setTags } = useProjectsStore();
  const [draft, setDraft] = useState('');
  const tags = entry.tags ?? [];
  const inProjects = new Set(entry.projectIds ?? []);
  const addTag = (): void => {
    const tag = draft.trim().toLowerCase();
    if (tag && !tags.includes(tag)) void setTags(entry, [...tags, tag]);
    setDraft('');
  };

  return (
    <div className="entry-organiser">
      <fieldset className="entry-projects">
        <legend>Projects</legend>
        {projects.length === 0 && <p className="muted">No projects yet: make one in the gallery with "New project".</p>}
        {projects.map((p) => (
          <span key={p.id} className="entry-project">
            <label>
              <input
                type="checkbox"
                checked={inProjects.has(p.id)}
                onChange={(e) => void (e.target.checked ? file(p.id, [entry.id]) : unfile(p.id, [entry.id]))}
              />
              {p.name}
            </label>
            {inProjects.has(p.id) && p.coverEntryId !== entry.id && (
              <button type="button" className="ghost small" onClick={() => void setCover(p.id, entry.id)}>
                Make cover
              </button>
            )}
          </span>
        ))}
      </fieldset>
      <fieldset className="entry-tags">
        <legend>Tags</legend>
        <ul className="tag-list" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag} className="tag-chip">
              {tag}
              <button
                type="button"
                aria-label={`Remove tag ${tag}`}
                onClick={() =>
                  void setTags(
                    entry,
                    tags.filter((t) => t !== tag),
                  )
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            addTag();
          }}
        >
          <input
            aria-label="Add a tag"
            list="motif-entry-tags"
            maxLength={40}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="gold, kids…"
          />
          <datalist id="motif-entry-tags">
            {known.map((t) => (
              <option key={t.tag} value={t.tag} />
            ))}
          </datalist>
          <button type="submit">Add tag</button>
        </form>
      </fieldset>
    </div>
  );
}
