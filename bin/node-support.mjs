// Which Node versions can run Motif's TypeScript directly. Plain JavaScript on
// purpose: this is what an old Node reads before anything else, so it must load there.

/** The Node versions that strip types by default: 22.18+ on the 22 line, 23.6+, and 24 or newer. `engines` in package.json says the same. */
export const SUPPORTED_NODE_RANGE = '^22.18.0 || >=23.6.0';

/**
 * Why this Node cannot run `command`, as a few plain sentences; undefined when it can.
 * @param {string} version e.g. `process.versions.node`
 * @param {string} command what the user ran, e.g. `motif` or `npm run emulator`
 * @returns {string | undefined}
 */
export function nodeVersionProblem(version, command) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const supported = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
  if (supported) return undefined;
  return [
    `${command} needs Node.js 22.18 or newer (it runs TypeScript directly, which older Node cannot); this is Node ${version}.`,
    'Install Node 24 and put it first on PATH, for example:',
    '  npm install --prefix ~/.cache/node24 node@24',
    '  export PATH=~/.cache/node24/node_modules/.bin:$PATH',
    '',
  ].join('\n');
}

/**
 * Ends the process with exit code 1 and the explanation when this Node is too old.
 * @param {string} command
 */
export function exitUnlessSupportedNode(command) {
  const problem = nodeVersionProblem(process.versions.node, command);
  if (problem === undefined) return;
  process.stderr.write(problem);
  process.exit(1);
}
