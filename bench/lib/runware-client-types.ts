import type { LoadOptions, LoadResult } from './load.ts';

export type ClientKind = 'pool' | 'rest' | 'sdk' | 'bare';
export const CLIENT_KINDS: readonly ClientKind[] = ['pool', 'rest', 'sdk', 'bare'];

export type ClientCommand =
  | {
      readonly id: number;
      readonly cmd: 'init';
      readonly kind: ClientKind;
      readonly wsUrl: string;
      readonly restUrl: string;
      readonly apiKey: string;
    }
  | { readonly id: number; readonly cmd: 'run'; readonly load: LoadOptions }
  | { readonly id: number; readonly cmd: 'close' };

export interface ClientRunResult extends LoadResult {
  readonly rssMb: number;
  readonly heapMb: number;
}
