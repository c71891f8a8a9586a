/**
 * How the library's text search matches, in one place for the engine (which
 * answers `library:list`) and the gallery (which decides whether a new image
 * belongs in the search on screen). Zod-free, so the renderer may use it.
 */

/** Lower-cases and unicode-normalises text for matching. */
export function normaliseSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The terms of a search: its normalised words. */
export function searchTerms(text: string | undefined): string[] {
  return text === undefined
    ? []
    : normaliseSearchText(text)
        .split(/\s+/)
        .filter((term) => term.length > 0);
}

/** Whether a normalised prompt contains every term. */
export function matchesAllTerms(normalisedPrompt: string, terms: readonly string[]): boolean {
  for (const term of terms) if (!normalisedPrompt.includes(term)) return false;
  return true;
}
