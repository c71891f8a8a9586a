/**
 * Runs one emulator from the command line:
 * `npm run emulator -- runware|openai --port N [--api-key KEY] [--latency-ms N] …`
 * Prints its URLs and exits cleanly on SIGINT/SIGTERM.
 */
import { parseEmulatorArgs, USAGE, type EmulatorCliOptions } from './emulator-cli-args.ts';
import { startOpenAIEmulator } from './openai/openai-emulator.ts';
import { startRunwareEmulator } from './runware/runware-emulator.ts';

async function start(o: EmulatorCliOptions): Promise<{ lines: string[]; close: () => Promise<void> }> {
  const common = {
    port: o.port,
    host: o.host,
    ...(o.apiKey === undefined ? {} : { apiKey: o.apiKey }),
    ...(o.latency === undefined ? {} : { latency: o.latency }),
    ...(o.faults === undefined ? {} : { faults: o.faults }),
    ...(o.seed === undefined ? {} : { seed: o.seed }),
  };
  if (o.kind === 'runware') {
    const emulator = await startRunwareEmulator({
      ...common,
      ...(o.dimensionMultiple === undefined ? {} : { dimensionMultiple: o.dimensionMultiple }),
      ...(o.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: o.idleTimeoutMs }),
      ...(o.suppressPongs === undefined ? {} : { suppressPongs: o.suppressPongs }),
      rejectWebSocketUpgrades: o.rejectWebSocketUpgrades,
    });
    const notes = [
      ...(o.rejectWebSocketUpgrades ? ['  ws upgrades refused with 503 (--reject-ws-upgrades)'] : []),
      ...(o.suppressPongs === undefined || o.suppressPongs === 0 ? [] : [`  pongs withheld: ${o.suppressPongs} (--suppress-pongs)`]),
    ];
    return {
      lines: [`Runware emulator listening`, `  ws:   ${emulator.wsUrl}`, `  rest: ${emulator.restUrl}`, ...notes],
      close: () => emulator.close(),
    };
  }
  const emulator = await startOpenAIEmulator(common);
  return { lines: [`OpenAI emulator listening`, `  base: ${emulator.baseUrl}`], close: () => emulator.close() };
}

async function main(): Promise<void> {
  let options: EmulatorCliOptions;
  try {
    options = parseEmulatorArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const running = await start(options);
  process.stdout.write(`${running.lines.join('\n')}\n`);
  if (options.apiKey === undefined) process.stdout.write('  auth: any non-empty key\n');
  const stop = (signal: string): void => {
    process.stdout.write(`${signal}: closing\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

await main();
