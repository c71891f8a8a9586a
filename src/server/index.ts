export { startServer, type RunningServer, type ServerOptions } from './start-server.ts';
export { encodeAttempts, decodeAttempts, type DecodedAttempt } from './attempts-header.ts';
export { ROUTE_GROUPS } from './routes.ts';
