import type { ProviderHealth } from '../../shared/motif-bridge.ts';
import type { Tone } from './job-state-text.ts';

type ProviderStatus = ProviderHealth['status'];

export const PROVIDER_STATUS_LABELS: Readonly<Record<ProviderStatus, string>> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  open: 'Paused',
  'half-open': 'Trying again',
  'key-missing': 'Key missing',
  'key-rejected': 'Key rejected',
  disabled: 'Disabled',
  idle: 'Ready',
};

export const PROVIDER_STATUS_TONES: Readonly<Record<ProviderStatus, Tone>> = {
  healthy: 'success',
  degraded: 'warning',
  open: 'danger',
  'half-open': 'active',
  'key-missing': 'neutral',
  'key-rejected': 'danger',
  disabled: 'neutral',
  idle: 'success',
};

export const BREAKER_MODE_LABELS = {
  auto: 'Automatic',
  'forced-open': 'Force open',
  'forced-closed': 'Force closed',
} as const;
