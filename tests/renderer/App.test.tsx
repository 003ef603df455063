import { supportedAlgorithms } from '../../main/core/config/algorithms';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/src/App';
import { initI18n } from '../../renderer/src/i18n';
import { useAppStore } from '../../renderer/src/store';
import { fakeBridge, resetStore } from './fake-bridge';
import './render';

beforeEach(() => {
  resetStore();
  // jsdom has no matchMedia: the OS theme reads as light.
  window.matchMedia = vi.fn(() => ({
    matches: false,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  })) as never;
});
afterEach(cleanup);

describe('the window', () => {
  it('switches language live from Settings, and the page says which', async () => {
    const { api } = fakeBridge();
    await initI18n('en-US').changeLanguage('en');
    useAppStore.getState().setAppInfo({
      version: '1.2.3',
      platform: 'win32',
      locale: 'en-US',
      algorithms: supportedAlgorithms(),
    });
    render(<App />);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: '日本語' }));
    expect(api.setSettings).toHaveBeenCalledWith({ language: 'ja' });
    await screen.findByRole('heading', { name: '設定' });
    expect(document.documentElement.lang).toBe('ja');
    expect(screen.getByRole('tab', { name: 'トンネル' })).toBeTruthy();
    const language = screen.getByRole('radiogroup', { name: '言語' });
    fireEvent.click(within(language).getByRole('radio', { name: 'Windows と同じ' }));
    await screen.findByRole('heading', { name: 'Settings' });
  });

  it('saves the other settings as they are switched', async () => {
    const { api } = fakeBridge();
    await initI18n('en-US').changeLanguage('en');
    render(<App />);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    fireEvent.click(screen.getByRole('switch', { name: 'Start Tunnelkeeper when I sign in' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(api.setSettings).toHaveBeenCalledWith({ theme: 'dark' }));
    expect(api.setSettings).toHaveBeenCalledWith({ startAtLogin: true });
    expect(screen.getByText('Not known yet.')).toBeTruthy();
  });
});
