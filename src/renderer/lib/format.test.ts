import { describe, expect, it } from 'vitest';
import { formatBytes, formatCost, formatCountdown, formatDuration, formatPercent, formatRelativeTime } from './format.ts';

describe('formatCost', () => {
  it('says unknown for a missing price, never $0', () => {
    expect(formatCost(undefined)).toBe('unknown');
    expect(formatCost(null)).toBe('unknown');
    expect(formatCost(Number.NaN)).toBe('unknown');
  });

  it('shows fractions of a cent with four decimals', () => {
    expect(formatCost(0.004)).toBe('$0.0040');
    expect(formatCost(0.0006)).toBe('$0.0006');
  });

  it('shows cents with three decimals and dollars with two', () => {
    expect(formatCost(0.148)).toBe('$0.148');
    expect(formatCost(12.5)).toBe('$12.50');
  });

  it('shows a known zero as $0.00', () => {
    expect(formatCost(0)).toBe('$0.00');
  });
});

describe('formatDuration', () => {
  it('uses ms under a second, tenths under ten seconds, then whole units', () => {
    expect(formatDuration(840)).toBe('840 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(3_780_000)).toBe('1 h 3 min');
  });

  it('shows a dash when unknown', () => {
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });
});

describe('formatCountdown', () => {
  it('counts whole seconds up, then minutes and seconds', () => {
    expect(formatCountdown(12_000, 0)).toBe('12 s');
    expect(formatCountdown(11_200, 0)).toBe('12 s');
    expect(formatCountdown(65_000, 0)).toBe('1:05');
    expect(formatCountdown(1000, 5000)).toBe('now');
  });
});

describe('formatPercent, formatBytes, formatRelativeTime', () => {
  it('formats ratios and shows a dash without data', () => {
    expect(formatPercent(0.98)).toBe('98%');
    expect(formatPercent(0.9951)).toBe('99.5%');
    expect(formatPercent(null)).toBe('—');
  });

  it('formats sizes', () => {
    expect(formatBytes(312)).toBe('312 B');
    expect(formatBytes(820 * 1024)).toBe('820 KB');
    expect(formatBytes(1.4 * 1024 * 1024)).toBe('1.4 MB');
  });

  it('formats recent times relatively', () => {
    const now = 10_000_000_000;
    expect(formatRelativeTime(now - 10_000, now)).toBe('just now');
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatRelativeTime(now - 3 * 3_600_000, now)).toBe('3 h ago');
  });
});
