// The zod-free constants: help must not load the validation library.
import { IMAGE_FORMATS, REQUEST_LIMITS, TASK_LIMITS } from '../core/contract/request-limits.ts';
import { STYLE_IDS } from '../core/contract/styles.ts';
import { LAYOUT_IDS } from '../core/contract/offline-design.ts';
import type { ToolCommand } from './tool-args.ts';

/**
 * `motif help providers`: each provider's key and endpoint variables, from the
 * provider descriptors. Loaded only for this page, so `motif --help` stays lean.
 */
export async function providersHelp(): Promise<string> {
  const { PROVIDERS } = await import('../core/providers/provider-list.ts');
  const line = (name: string, text: string): string => `    ${name.padEnd(34)}${text}`;
  const sections = PROVIDERS.map((d) =>
    [
      `  ${d.kind} — ${d.label}${d.runsLocally ? ' (on this computer, no key)' : ''}`,
      ...(d.secret ? [line(d.secret.env, `API key${d.keyHelp ? `; get one at ${d.keyHelp.url}` : ''}`)] : []),
      ...d.envOverrides.map((variable) => line(variable.name, variable.description)),
    ].join('\n'),
  );
  return `Providers, in the order the router tries them by default (Settings or MOTIF_CONFIG
can change it). Headless, each reads its key from the environment:

${sections.join('\n\n')}
`;
}

/** The options and notes `motif vary`, `upscale` and `remove-bg` share, after each tool's own options. */
const TOOL_OPTIONS_AND_NOTES = `  -o, --output <dir>     folder for the files (default: current folder)
      --no-cache         always run, even when the same request was answered before
      --strip-metadata   write the files without their prompt and settings (for clients)
      --json             print one JSON object instead of lines
  -q, --quiet            no progress on stderr (warnings still show, except with --json)
  -h, --help             show this help

The image is a library id (see motif library) or an image file (PNG, JPEG or
WebP, up to ${TASK_LIMITS.maxSourceBytes / 1024 / 1024} MB), which is imported into the library first so the result
links back to it. Files are named motif-<tool>-<seed>-<n>.<ext>. Ctrl+C cancels.
Exit status: 0 done, 1 the tool failed, 2 bad input, 130 cancelled.
`;

/** Help text for `motif --help` and each command's `--help`. */
export const HELP: Readonly<
  Record<
    'main' | 'generate' | 'serve' | 'library' | 'jobs' | 'models' | 'emulator' | 'print' | 'bunting' | 'stickers' | 'pattern' | ToolCommand,
    string
  >
> = {
  main: `motif — party-decoration artwork, from the command line

Usage: motif <command> [options]

Commands:
  generate "prompt"   make images and save them to a folder and the library
  vary <id|file>      more like an image: subtle or strong variations
  upscale <id|file>   the image at 2, 3 or 4 times its size, for print
  remove-bg <id|file> the subject on a transparent background (PNG)
  serve               run the local HTTP API (OpenAI-compatible images endpoint)
  library             list recent images in the library (--check, --repair)
  jobs                list, resume or discard jobs a quit or crash interrupted
  models search text  search the model catalogue (checkpoints, LoRAs); pin models
  print <id|file>     a print-ready PDF (bleed, crop marks, N-up) or PNG/TIFF at real size
  bunting "phrase"    lettered bunting or a banner split across pages, as a PDF
  stickers <id|file>  a sticker sheet with CutContour cut lines, plus the cut SVG
  pattern <id|file>   a seamless wrapping-paper sheet and a 3×3 repeat preview
  emulator ...        run the provider emulators (development builds)

Options:
  -h, --help          show help (also: motif <command> --help)
  -v, --version       print the version, where data lives, and the licences of
                      the bundled art and fonts

Environment:
  MOTIF_DATA_DIR      library and settings folder (default: the app's user-data folder)
  MOTIF_CONFIG        YAML/JSON file describing providers and models
  Each provider's key and endpoint variables: motif help providers
  (with no key set, the offline engine draws)
`,
  generate: `Usage: motif generate "prompt" [options]

Makes images, saves them in the library (so the app and "motif serve" see them)
and writes copies into the output folder. Progress goes to stderr.

Options:
  -s, --style <id>       ${STYLE_IDS.join(' | ')} (default party)
      --size <WxH>       e.g. 1024x1024; each side ${REQUEST_LIMITS.minSide}–${REQUEST_LIMITS.maxSide} (default 1024x1024)
  -n, --count <n>        images, 1–${REQUEST_LIMITS.maxCount} (default 1)
  -o, --output <dir>     folder for the files (default: current folder)
      --seed <n>         base seed 0–${REQUEST_LIMITS.maxSeed}; image i uses seed + i
      --layout <name>    the offline engine's product (default: the prompt's words
                         choose, e.g. "poster"; other providers ignore it and say so):
                         ${LAYOUT_IDS.join(' | ')}
      --format <fmt>     ${IMAGE_FORMATS.join(' | ')} | svg (default png; svg: the offline engine's
                         vector design, text as paths)
      --model <id>       model alias (default, offline, …) or provider/model; a named
                         model is served by its provider or fails (no silent substitute)
      --fallback         let another provider (finally the offline engine) serve a
                         named model that cannot be served; the output says so
      --negative <text>  what to keep out of the image
      --no-cache         always generate, even for a repeated seeded request
      --strip-metadata   write the files without their prompt and settings (for
                         clients); by default they carry them (exports.embedSettings)
      --json             print one JSON object instead of lines
  -q, --quiet            no progress on stderr (warnings still show, except with --json)
  -h, --help             show this help

Files are named motif-<style>-<seed>-<n>.<ext>. Ctrl+C cancels the job.
Exit status: 0 done, 1 generation failed, 2 bad input, 130 cancelled.
`,
  vary: `Usage: motif vary <id|file> [options]

Makes images like the given one (image-to-image), saved in the library as made from it.

Options:
      --strength <s>     subtle (keeps the layout) or strong (a freer take); default subtle
  -n, --count <n>        images, 1–${TASK_LIMITS.maxVariations} (default 1)
      --prompt <text>    what to steer towards (default: the image's own prompt)
      --seed <n>         base seed 0–${REQUEST_LIMITS.maxSeed}
${TOOL_OPTIONS_AND_NOTES}`,
  upscale: `Usage: motif upscale <id|file> [options]

Makes the image larger for print, saved in the library as made from it. Offline
designs are redrawn at the larger size (sharp, no upscaler needed).

Options:
      --factor <n>       ${TASK_LIMITS.upscaleFactors.join(', ')} (default 2); the result is at most ${TASK_LIMITS.maxOutputSide} px a side
${TOOL_OPTIONS_AND_NOTES}`,
  'remove-bg': `Usage: motif remove-bg <id|file> [options]

Keeps the subject and makes everything around it transparent (a PNG with an
alpha channel), for stickers and cut-outs; saved in the library as made from it.

Options:
${TOOL_OPTIONS_AND_NOTES}`,
  serve: `Usage: motif serve [options]

Runs the local HTTP API over the headless engine until SIGINT/SIGTERM.

Options:
  -p, --port <n>     port (default $PORT or 8000; 0 picks a free one)
      --host <addr>  bind address (default 127.0.0.1; other hosts need --token)
      --token <t>    require "Authorization: Bearer <t>" (default $MOTIF_SERVER_TOKEN)
      --quiet        no request log on stderr
  -h, --help         show this help

Routes: POST /v1/images/generations, POST /v1/images/edits, POST /v1/images/variations,
POST /motif/images/upscale|remove-background|vectorize|seamless,
POST /motif/generation/generate-from-prompt, GET /motif/services/metrics, GET /v1/models,
GET /images/:id[/thumbnail], GET /healthz.
`,
  library: `Usage: motif library [options]

Lists the newest images in the library.

Options:
      --search <text>  only entries whose prompt matches
      --limit <n>      how many, 1–500 (default 20)
      --json           print the page as JSON
      --check          compare the index with the image files; exit 1 when something needs a repair
      --repair         turn images no entry accounts for back into entries and set unreadable
                       index lines aside (in index-corrupt-lines.jsonl); never deletes a file
  -h, --help           show this help
`,
  jobs: `Usage: motif jobs [resume <id> | discard <id|all>] [--json]

Lists the jobs a quit or crash interrupted. Images they finished are already in the library.

Actions:
  resume <id>          run the job again for the images it still owes, and wait for it
  discard <id|all>     forget the job (its saved images stay in the library)

Options:
      --json           print JSON
  -h, --help           show this help
`,
  models: `Usage: motif models [search <text> | pin <id> | unpin <id>] [options]

Without an action, lists the pinned models. Searches Runware's model catalogue
(cached for 10 minutes); without a key or network it lists the built-in and
pinned models and says why. A pinned checkpoint can be named with
generate --model <id>; LoRAs are attached in the studio or with the API's
"loras" field.

Actions:
  search <text>        models whose name, id or tags match the text
  pin <id>             pin a model (an AIR id such as civitai:139562@297320)
  unpin <id>           unpin it

Options:
      --category <c>   checkpoint, lora, lycoris, controlnet, vae or embeddings
      --arch <a>       architecture: flux1d, flux1s, sdxl, sd1x, pony, sd3, …
      --tag <t>        only models with this tag (repeatable)
      --limit <n>      results per page (1–100, default 20)
      --offset <n>     skip this many results (paging)
      --json           print JSON
  -h, --help           show this help
`,
  emulator: `Usage: motif emulator [args]

Runs the provider emulators (test/emulators/main.ts) when this checkout has them.
`,
  print: `Usage: motif print <library-id|file>... [options]

Writes a print-ready file: one page per design (or N-up sheets), TrimBox at the
finished size, BleedBox and MediaBox around it. Preflight (effective ppi) goes to stderr.

Options:
      --size <size>        a3 a4 a5 a6 letter tabloid 4x6 5x7 8x10 6x6 8x8, or WxH[mm|in] (default a4)
      --orientation <o>    portrait or landscape (default portrait)
      --fit <mode>         fill (cover the bleed, crop) or fit (whole design in the safe area)
      --crop <x,y>         which part stays when filling, 0–1 each (default 0.5,0.5)
      --bleed <length>     per side, e.g. 3mm or 0.125in (default 3 mm; 1/8 in for US sizes)
      --marks              crop marks outside the bleed
      --safe <length>      safe-area inset shown by preflight (default 4mm)
      --nup <size>         put as many pieces as fit on this sheet (e.g. letter)
      --nup-orientation <o>  the sheet's orientation
      --ppi <n>            target resolution, also of PNG/TIFF (default 300)
      --min-ppi <n>        below this preflight says "will look soft" (default 300)
      --enhance <mode>     none, vector (re-render the offline engine's vector original), resample (local)
      --upscale            upscale a soft provider image with the provider that made it first (priced
                           before it runs, under the daily cap; prints the new library entry); with no
                           provider able to, a local resample, softer than a real upscale
      --format <f>         pdf, png or tiff (default pdf)
  -o, --output <file>      where to write (default motif-print-<id>-<size>.<ext>)
      --json               print the result and preflight as JSON
  -h, --help               show this help
`,
  bunting: `Usage: motif bunting "phrase" [options]

One pennant per character (a space is a blank pennant), letters typeset as vector
outlines, a fold line for the string, trim marks, numbered pages; or --banner: one
long banner split across numbered pages with a glue overlap.

Options:
      --design <id>        background design from the library (default: the offline engine's)
      --shape <shape>      triangle, swallowtail, rectangle or scalloped (default triangle)
      --banner             a banner instead of separate pennants
      --width <length>     pennant width (default 130mm)
      --height <length>    pennant height below the fold (default 160mm)
      --fold <length>      flap folded over the string (default 15mm)
      --sheet <size>       paper (default a4)
      --overlap <length>   banner glue overlap (default 10mm)
      --color <#rrggbb>    letter colour (default #ffffff)
      --no-marks           no trim marks
  -o, --output <file>      where to write (default motif-bunting-<phrase>.pdf)
      --json               print the result as JSON
`,
  stickers: `Usage: motif stickers <library-id|file>... [options]

A sticker sheet: each design on a white border with a closed cut line at an offset,
drawn in a CutContour spot colour in the PDF, plus <name>-cut.svg and <name>-sticker.png.

Options:
      --size <length>      longest side of a sticker's design (default 50mm)
      --offset <length>    cut line distance from the design (default 2mm)
      --sheet <size>       paper (default a4); --orientation portrait|landscape
      --margin <length>    clear border at the sheet edges (default 12mm)
      --gap <length>       space between cut lines (default 4mm)
      --registration       print-then-cut registration marks
  -o, --output <file>      where to write
`,
  pattern: `Usage: motif pattern <library-id|file> [options]

Makes the design a seamless tile and fills a sheet with it; writes
<name>-preview.png with a 3×3 repeat beside it. An offline design is redrawn as
the engine's own seamless tile; any other image is offset by half and its seam
blended locally, unless --repair-seam has the provider repaint it.

Options:
      --tile <length>      size of one repeat (default 100mm)
      --sheet <size>       paper (default a3); --orientation portrait|landscape
      --repair-seam        repair a provider image's seam with the provider's inpainting
                           first (priced in preflight, recorded in the ledger, refused
                           past the daily cap); the repaired tile is a new library entry
                           (a file is imported into the library first)
      --blend <share>      how much of the tile blends across the seam, 0.05–0.5 (default 0.25)
      --format <f>         pdf or png (default pdf)
  -o, --output <file>      where to write
`,
};
