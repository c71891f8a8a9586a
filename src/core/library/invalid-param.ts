import { MotifError } from '../errors/motif-error.ts';

/** The `invalid_request` error for one bad parameter of a library call. */
export function invalidParam(param: string, message?: string): MotifError {
  return new MotifError('invalid_request', { param, ...(message === undefined ? {} : { message: `Invalid ${param}: ${message}` }) });
}
