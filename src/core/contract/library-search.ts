/**
 * How the library's text search matches, in one place for the engine (which
 * answers `library:list`) and the gallery (which decides whether a new image
 * belongs in the search on screen). Zod-free, so the renderer may use it.
 */

/** Lower-cases and unicode-normalises text for matching. */
export function normaliseSearchText(text: string): string {
  // NFKC leaves ASCII as it is; skipping it for ASCII prompts is most of the cost of loading 100,000 of them.
  return (NON_ASCII.test(text) ? text.normalize('NFKC') : text).toLowerCase();
}

const NON_ASCII = /\P{ASCII}/u;

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
