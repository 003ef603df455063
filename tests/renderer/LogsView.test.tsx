import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogsView } from '../../renderer/src/components/logs/LogsView';
import { useAppStore } from '../../renderer/src/store';
import { fakeBridge, resetStore } from './fake-bridge';
import { renderIn } from './render';
import { line, snapshot } from './samples';

beforeEach(() => {
  resetStore();
  useAppStore.getState().setTunnels([snapshot()]);
});
afterEach(cleanup);

describe('the logs view', () => {
  it('draws only the rows in view, however many lines the store holds', async () => {
    fakeBridge();
    await renderIn('en', <LogsView />);
    act(() => useAppStore.getState().appendLogs(Array.from({ length: 5000 }, (_, n) => line(n))));
    expect(screen.getByTestId('log-count').textContent).toBe('5000 of 5000 lines');
    const drawn = screen.getAllByTestId('log-line');
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(60);
    // It follows the tail: the newest line is drawn.
    expect(drawn.at(-1)?.textContent).toContain('line 4999');
  });

  it('filters by level and by search text', async () => {
    fakeBridge();
    await renderIn('en', <LogsView />);
    act(() =>
      useAppStore
        .getState()
        .appendLogs([
          line(1, { level: 'debug', message: 'Outbound: KEXINIT' }),
          line(2, { level: 'info', message: 'state connected' }),
          line(3, { level: 'error', message: 'forward R1055 refused' }),
        ]),
    );
    fireEvent.change(screen.getByLabelText('Level'), { target: { value: 'warn' } });
    expect(screen.getAllByTestId('log-line').map((l) => l.textContent)).toEqual([
      expect.stringContaining('ERROR forward R1055 refused'),
    ]);
    fireEvent.change(screen.getByLabelText('Level'), { target: { value: 'all' } });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'kexinit' } });
    expect(screen.getAllByTestId('log-line')).toHaveLength(1);
    expect(screen.getByTestId('log-count').textContent).toBe('1 of 3 lines');
  });

  it('loads the tail main keeps, and copies what is shown', async () => {
    const { api } = fakeBridge({ tailLog: vi.fn(async () => [line(7)]) });
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await renderIn('en', <LogsView />);
    await screen.findByText(/line 7/);
    expect(api.tailLog).toHaveBeenCalledWith('lic', 5000);
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await screen.findByText('Copied 1 lines.');
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining('INFO  line 7'));
  });
});
