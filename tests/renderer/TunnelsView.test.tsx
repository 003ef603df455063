import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TroubleshootPanel } from '../../renderer/src/components/troubleshoot/TroubleshootPanel';
import { TunnelsView } from '../../renderer/src/components/tunnels/TunnelsView';
import { useAppStore } from '../../renderer/src/store';
import { fakeBridge, resetStore } from './fake-bridge';
import { renderIn } from './render';
import { snapshot } from './samples';

beforeEach(resetStore);
afterEach(cleanup);

const waiting = () =>
  snapshot({
    state: 'waiting',
    cause: 'tcp-refused',
    nextRetryAt: Date.now() + 5000,
    forwards: [
      {
        ...snapshot().forwards[0]!,
        state: 'pending',
        connections: { active: 0, total: 0, failed: 0 },
        bytesOut: 0,
        bytesIn: 0,
      },
    ],
  });

describe('the tunnels view', () => {
  it('says no tunnels are configured when the list is empty', async () => {
    fakeBridge();
    await renderIn('en', <TunnelsView />);
    expect(screen.getByTestId('tunnels-empty').textContent).toContain(
      'No tunnels are configured yet.',
    );
  });

  it('shows a row with the state word, uptime and one line per forward', async () => {
    fakeBridge();
    useAppStore.getState().setTunnels([snapshot()]);
    await renderIn('en', <TunnelsView />);
    const row = screen.getByTestId('tunnel-row');
    expect(within(row).getByTestId('tunnel-state').textContent).toBe('Connected');
    expect(within(row).getByTestId('uptime').textContent).toMatch(/^1m 0\ds$/);
    expect(within(row).getByTestId('forward-line').textContent).toBe(
      'R 1055 → licsrv:1055 · listening · 2 active · 14 MB (ANSYS)',
    );
  });

  it('labels the three lights for screen readers', async () => {
    fakeBridge();
    useAppStore.getState().setTunnels([snapshot()]);
    await renderIn('en', <TunnelsView />);
    const lights = within(screen.getByTestId('status-lights')).getAllByRole('img');
    expect(lights.map((l) => l.getAttribute('aria-label'))).toEqual([
      'Session: Up 1/1',
      'Forwards bound: 1/1',
      'Connections: 2 active',
    ]);
    expect(screen.getByRole('img', { name: 'Status: Connected' })).toBeTruthy();
  });

  it('updates live when main pushes a change, and says the cause in Japanese', async () => {
    const { emit, api } = fakeBridge();
    const { connectBridge } = await import('../../renderer/src/connect');
    const disconnect = connectBridge(api, useAppStore);
    useAppStore.getState().setTunnels([snapshot()]);
    await renderIn('ja', <TunnelsView />);
    act(() => emit('onTunnelsChanged', [waiting()]));
    const row = screen.getByTestId('tunnel-row');
    expect(within(row).getByTestId('tunnel-state').textContent).toBe('再試行待ち');
    expect(within(row).getByTestId('tunnel-cause').textContent).toContain(
      'サーバーが接続を拒否しました',
    );
    expect(screen.getByText('アクティブな接続なし')).toBeTruthy();
    disconnect();
  });

  it('starts and stops with the button', async () => {
    const { api } = fakeBridge();
    useAppStore.getState().setTunnels([snapshot({ state: 'stopped' })]);
    await renderIn('en', <TunnelsView />);
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(api.startTunnel).toHaveBeenCalledWith('lic');
  });
});

describe('the troubleshoot panel', () => {
  it('runs the diagnosis and shows the steps, the cause and the advice', async () => {
    const report = {
      tunnelId: 'lic',
      startedAt: 1,
      finishedAt: 2,
      cause: 'tcp-refused',
      steps: [
        {
          id: 'dns',
          status: 'pass',
          cause: null,
          detail: '127.0.0.1 is an IP address',
          advice: [],
        },
        {
          id: 'tcp',
          status: 'fail',
          cause: 'tcp-refused',
          detail: 'connection refused',
          advice: [],
        },
        { id: 'banner', status: 'skip', cause: null, detail: 'not run', advice: [] },
      ],
      advice: [{ key: 'tcp.outboundFirewall', params: { host: 'clp.example', port: 22 } }],
    };
    const { api } = fakeBridge({ runDiagnostics: vi.fn(async () => report) as never });
    useAppStore.getState().setTunnels([waiting()]);
    await renderIn(
      'en',
      <>
        <TunnelsView />
        <TroubleshootPanel />
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Troubleshoot' }));
    await waitFor(() => expect(screen.getAllByTestId('diag-step')).toHaveLength(3));
    expect(api.runDiagnostics).toHaveBeenCalledWith('lic');
    const steps = screen.getAllByTestId('diag-step');
    expect(steps.map((s) => s.getAttribute('data-status'))).toEqual(['pass', 'fail', 'skip']);
    expect(steps[1]?.textContent).toContain('FAILED');
    expect(steps[1]?.textContent).toContain('TCP connection');
    expect(screen.getByTestId('diag-cause').textContent).toContain('The connection is refused');
    expect(screen.getByTestId('diag-advice').textContent).toContain(
      'allow outbound TCP to clp.example port 22',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Run again' }));
    await waitFor(() => expect(api.runDiagnostics).toHaveBeenCalledTimes(2));
  });
});
