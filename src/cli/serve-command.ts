import { parseArgs } from 'node:util';
import { startServer } from '../server/start-server.ts';
import { isLoopbackAddress } from '../server/host-check.ts';
import type { MotifApi } from '../core/service/motif-api.ts';
import { EXIT, parseWholeNumber, reportError, usageError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { openHeadlessService } from './headless.ts';
import { HELP } from './help.ts';

interface ServeArgs {
  readonly help: boolean;
  readonly port: number;
  readonly host: string;
  readonly token: string | undefined;
  readonly quiet: boolean;
}

/** Parses `motif serve` arguments; the port defaults to `$PORT`, then 8000. */
export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ServeArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      token: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length > 0) throw usageError(positionals[0] ?? 'arguments', 'serve takes no positional arguments');
  const port =
    values.port !== undefined
      ? parseWholeNumber(values.port, '--port', 0, 65_535)
      : parseWholeNumber(env.PORT === '' ? undefined : env.PORT, 'PORT', 0, 65_535);
  const host = values.host ?? '127.0.0.1';
  if (!/^[\w.:[\]-]{1,255}$/.test(host)) throw usageError('--host', 'must be an IP address or host name');
  const token = values.token ?? (env.MOTIF_SERVER_TOKEN || undefined);
  if (token !== undefined && !/^[\x21-\x7e]{8,512}$/.test(token))
    throw usageError('--token', 'must be 8–512 printable characters without spaces');
  if (!isLoopbackAddress(host) && token === undefined)
    throw usageError('--host', `serving on ${host} exposes the API beyond this machine; also pass --token`);
  return { help: values.help === true, port: port ?? 8000, host, token, quiet: values.quiet === true };
}

/**
 * `motif serve`: the headless engine behind the local HTTP API. Prints the URL
 * on stdout, logs requests on stderr, and on SIGINT/SIGTERM stops accepting,
 * finishes responses in flight and closes the engine.
 */
export async function serveCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ServeArgs;
  try {
    args = parseServeArgs(argv, io.env);
  } catch (error) {
    return reportError(io, error, 'serve');
  }
  if (args.help) {
    io.stdout(HELP.serve);
    return EXIT.ok;
  }
  let service: MotifApi | undefined;
  try {
    service = await openHeadlessService(io);
    const server = await startServer(service, {
      host: args.host,
      port: args.port,
      token: args.token,
      log: args.quiet ? undefined : (line) => io.stderr(`motif: ${line}\n`),
    });
    io.stdout(`Motif API listening on ${server.url}\n`);
    io.stderr(`motif: library ${service.getSettings().libraryDir}${args.token ? ' · bearer token required' : ''} · Ctrl+C to stop\n`);
    const interrupted = service.jobs().filter((job) => job.state === 'interrupted');
    if (interrupted.length > 0) {
      io.stderr(
        `motif: ${interrupted.length} job(s) were interrupted when Motif last stopped: ${interrupted.map((job) => job.id).join(', ')}. See "motif jobs" to resume or discard them.\n`,
      );
    }
    await new Promise<void>((resolve) => {
      const offs = [io.onSignal('SIGINT', stop), io.onSignal('SIGTERM', stop)];
      function stop(): void {
        for (const off of offs) off();
        // A second signal while shutting down quits at once.
        const force = (): never => io.exit(EXIT.failure);
        io.onSignal('SIGINT', force);
        io.onSignal('SIGTERM', force);
        resolve();
      }
    });
    io.stderr('motif: shutting down…\n');
    await server.close();
    return EXIT.ok;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      io.stderr(`error: port ${args.port} on ${args.host} is already in use; pick another with --port\n`);
      return EXIT.failure;
    }
    return reportError(io, error, 'serve');
  } finally {
    await service?.close().catch((error: unknown) => io.stderr(`motif: closing the engine failed: ${String(error)}\n`));
  }
}
