import { MotifError, toMotifError } from '../../core/errors/index.ts';
import { zodErrorToMotifError } from '../../core/errors/zod-error.ts';
import { serializedErrorSchema } from '../../core/contract/service-types.ts';
import { IPC_CHANNELS, isInvokeChannel, type InvokeChannel, type IpcEnvelope } from '../../shared/ipc-contract.ts';
import type { IpcHandler, IpcHandlers } from './ipc-handlers.ts';

/** Runs one call from the page: validate, handle, validate the answer, wrap it in an envelope. Never throws. */
export interface IpcDispatcher {
  dispatch(channel: string, payload: unknown): Promise<IpcEnvelope>;
}

export interface IpcDispatcherOptions {
  /** Where failures main did not expect go (a bug, not a user error). Never given payloads. */
  readonly logError?: ((message: string, error: unknown) => void) | undefined;
}

function failure(error: MotifError): IpcEnvelope {
  const parsed = serializedErrorSchema.safeParse(error.toJSON());
  return { ok: false, error: parsed.success ? parsed.data : new MotifError('internal').toJSON() };
}

/**
 * The one place every call passes through, shared by Electron's `ipcMain`
 * and the browser-test bridge: an unknown channel or a payload its schema
 * rejects comes back as `invalid_request`; an engine error keeps its code; an
 * answer that breaks the contract, or anything unexpected, is `internal`.
 */
export function createIpcDispatcher(handlers: IpcHandlers, options: IpcDispatcherOptions = {}): IpcDispatcher {
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  return {
    async dispatch(channel, payload) {
      if (!isInvokeChannel(channel)) {
        return failure(new MotifError('invalid_request', { param: 'channel', message: `Unknown channel ${String(channel).slice(0, 64)}` }));
      }
      const contract = IPC_CHANNELS[channel];
      const request = contract.request.safeParse(payload);
      if (!request.success) return failure(zodErrorToMotifError(request.error, { root: 'request', subject: channel }));
      let result: unknown;
      try {
        const handler = handlers[channel] as IpcHandler<InvokeChannel>;
        result = await handler(request.data as never);
      } catch (error) {
        const motifError = toMotifError(error);
        if (motifError.code === 'internal') logError(`IPC ${channel} failed`, error);
        return failure(motifError);
      }
      const response = contract.response.safeParse(result);
      if (!response.success) {
        logError(
          `IPC ${channel} answered outside its contract`,
          response.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
        );
        return failure(new MotifError('internal', { message: `The app's answer on ${channel} broke the IPC contract.` }));
      }
      return { ok: true, value: response.data };
    },
  };
}
