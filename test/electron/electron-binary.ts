/** The Electron executable for `npm run test:electron`; one finder, shared with `npm start` (bin/start.mjs). */
export { findElectronBinary, INSTALL_ELECTRON_COMMAND } from '../../bin/electron-binary.mjs';
