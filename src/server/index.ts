export { startServer, type RunningServer, type ServerOptions } from './start-server.ts';
export { encodeAttempts, decodeAttempts, type DecodedAttempt } from './attempts-header.ts';
export { ROUTES } from './routes.ts';
