import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectBridge, LOG_FLUSH_MS } from '../../renderer/src/connect';
import { useAppStore } from '../../renderer/src/store';
import { LOG_CAP } from '../../renderer/src/store/logs';
import { fakeBridge, resetStore } from './fake-bridge';
import { line, snapshot } from './samples';

const state = () => useAppStore.getState();

beforeEach(resetStore);
afterEach(() => vi.useRealTimers());

describe('the store', () => {
  it('keeps at most LOG_CAP lines per tunnel, the newest', () => {
    const lines = Array.from({ length: LOG_CAP + 250 }, (_, n) => line(n));
    state().appendLogs(lines.slice(0, 100));
    state().appendLogs(lines.slice(100));
    const kept = state().logs.lic ?? [];
    expect(kept).toHaveLength(LOG_CAP);
    expect(kept[0]?.message).toBe('line 250');
    expect(kept.at(-1)?.message).toBe(`line ${LOG_CAP + 249}`);
  });

  it('files lines under their own tunnel', () => {
    state().appendLogs([line(1), line(2, { tunnelId: 'other' }), line(3)]);
    expect(state().logs.lic?.map((l) => l.message)).toEqual(['line 1', 'line 3']);
    expect(state().logs.other).toHaveLength(1);
  });

  it('upserts profiles in place and removes them', () => {
    const p = { id: 'a', name: 'A' } as never;
    state().upsertProfile(p);
    state().upsertProfile({ id: 'b', name: 'B' } as never);
    state().upsertProfile({ id: 'a', name: 'A2' } as never);
    expect(state().profiles.map((x) => x.name)).toEqual(['A2', 'B']);
    state().removeProfile('a');
    expect(state().profiles.map((x) => x.id)).toEqual(['b']);
  });

  it('opens Troubleshoot on the tunnels view (a notification click)', () => {
    state().setView('keys');
    state().openTroubleshoot('lic');
    expect(state().view).toBe('tunnels');
    expect(state().troubleshootId).toBe('lic');
  });
});

describe('the bridge module', () => {
  it('loads once, then follows pushed events only', async () => {
    const { api, emit } = fakeBridge({
      listTunnels: vi.fn(async () => [snapshot({ state: 'connecting' })]),
    });
    const disconnect = connectBridge(api, useAppStore);
    await vi.waitFor(() => expect(state().tunnels[0]?.state).toBe('connecting'));
    emit('onTunnelsChanged', [snapshot({ state: 'connected' })]);
    expect(state().tunnels[0]?.state).toBe('connected');
    emit('onOpenTroubleshooting', 'lic');
    expect(state().troubleshootId).toBe('lic');
    emit('onHostKeyPrompt', {
      tunnelId: 'lic',
      host: 'h',
      port: 22,
      keyType: 't',
      fingerprint: 'f',
    });
    expect(state().hostKeyPrompt?.host).toBe('h');
    expect(api.listTunnels).toHaveBeenCalledTimes(1);
    disconnect();
    emit('onTunnelsChanged', [snapshot({ state: 'waiting' })]);
    expect(state().tunnels[0]?.state).toBe('connected');
  });

  it('hands log lines to the store in batches, not one render per line', async () => {
    vi.useFakeTimers();
    const { api, emit } = fakeBridge();
    const append = vi.spyOn(state(), 'appendLogs');
    useAppStore.setState({ appendLogs: append });
    const disconnect = connectBridge(api, useAppStore);
    for (let n = 0; n < 3000; n += 1) emit('onLogLine', line(n));
    expect(append).not.toHaveBeenCalled();
    vi.advanceTimersByTime(LOG_FLUSH_MS);
    expect(append).toHaveBeenCalledTimes(1);
    expect(append.mock.calls[0]?.[0]).toHaveLength(3000);
    disconnect();
  });
});
