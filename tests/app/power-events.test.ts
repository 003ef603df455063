import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchForNudges } from '../../main/app/power-events';

describe('nudging waiting tunnels', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries now after resume, unlock and lock', () => {
    const power = new EventEmitter();
    const nudges: string[] = [];
    const stop = watchForNudges(power, { isOnline: () => true }, (r) => nudges.push(r));
    power.emit('resume');
    power.emit('unlock-screen');
    power.emit('lock-screen');
    expect(nudges).toEqual(['resume', 'unlock-screen', 'lock-screen']);
    stop();
    power.emit('resume');
    expect(nudges).toHaveLength(3);
  });

  it('retries when the network comes back, once per return', () => {
    let online = true;
    const nudges: string[] = [];
    const stop = watchForNudges(
      new EventEmitter(),
      { isOnline: () => online, intervalMs: 1000 },
      (r) => nudges.push(r),
    );
    vi.advanceTimersByTime(3000);
    expect(nudges).toEqual([]);
    online = false;
    vi.advanceTimersByTime(2000);
    online = true;
    vi.advanceTimersByTime(5000);
    expect(nudges).toEqual(['online']);
    stop();
    online = false;
    vi.advanceTimersByTime(1000);
    online = true;
    vi.advanceTimersByTime(1000);
    expect(nudges).toEqual(['online']);
  });
});
