import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/src/App';
import { connectBridge } from '../../renderer/src/connect';
import { initI18n } from '../../renderer/src/i18n';
import { useAppStore } from '../../renderer/src/store';
import { fakeBridge, resetStore } from './fake-bridge';
import './render';

beforeEach(() => {
  resetStore();
  window.matchMedia = vi.fn(() => ({
    matches: false,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  })) as never;
});
afterEach(cleanup);

describe('a "key needs its passphrase" notification', () => {
  it('switches the window to the Keys tab', async () => {
    const { api, emit } = fakeBridge();
    await initI18n('en-US').changeLanguage('en');
    const disconnect = connectBridge(api, useAppStore);
    render(<App />);
    expect(screen.getByRole('tab', { name: 'Keys' }).getAttribute('aria-selected')).toBe('false');
    act(() => emit('onOpenKeys', '/home/admin/.ssh/id_b'));
    expect(useAppStore.getState().view).toBe('keys');
    expect(screen.getByRole('tab', { name: 'Keys' }).getAttribute('aria-selected')).toBe('true');
    disconnect();
    act(() => useAppStore.getState().setView('tunnels'));
    emit('onOpenKeys', undefined);
    expect(useAppStore.getState().view).toBe('tunnels');
  });
});
