import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeysView } from '../../renderer/src/components/keys/KeysView';
import { useAppStore } from '../../renderer/src/store';
import type { KeySummary } from '../../contract';
import { fakeBridge, resetStore } from './fake-bridge';
import { renderIn } from './render';

const KEY: KeySummary = {
  id: 'k1',
  path: 'C:\\Users\\admin\\.ssh\\admin.ppk',
  type: 'ssh-ed25519',
  bits: 256,
  fingerprint: 'SHA256:ehLZNnr09JR1ZxNjgq8nRctixtvIkZ5bC4WMH/BYJIE',
  comment: 'admin@licsrv',
  format: 'ppk3',
  encrypted: true,
  unlocked: false,
};

beforeEach(() => {
  resetStore();
  useAppStore.getState().setKeys([KEY]);
});
afterEach(cleanup);

const state = () => screen.getByTestId('key-state-k1').textContent;

describe('the keys list and the built-in agent', () => {
  it('unlocks a key once: wrong passphrase at the field, right one → Unlocked, then Lock', async () => {
    const unlockKey = vi.fn(async (_path: string, passphrase?: string) => {
      if (passphrase !== 'correct horse') throw new Error('wrong-passphrase');
      return { ...KEY, unlocked: true };
    });
    const lockKey = vi.fn(async () => undefined);
    fakeBridge({ unlockKey, lockKey });
    await renderIn('en', <KeysView />);
    expect(state()).toBe('Locked');

    fireEvent.click(screen.getByRole('button', { name: 'Unlock admin@licsrv…' }));
    const field = await screen.findByLabelText('Passphrase');
    expect(field).toHaveProperty('type', 'password');
    fireEvent.change(field, { target: { value: 'wrong horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Wrong passphrase.')).toBeTruthy();
    expect(state()).toBe('Locked');

    fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(state()).toBe('Unlocked'));
    expect(screen.queryByLabelText('Passphrase')).toBeNull();
    expect(unlockKey).toHaveBeenLastCalledWith(KEY.path, 'correct horse');
    expect(useAppStore.getState().keys[0]).toMatchObject({ id: 'k1', unlocked: true });

    // The closed dialog's modal layer lets go of the page once it has gone.
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // Fluent restores the page's aria-hidden a moment after the dialog node goes (slower under
    // load than findBy's default second).
    fireEvent.click(
      await screen.findByRole('button', { name: 'Lock admin@licsrv' }, { timeout: 10_000 }),
    );
    await waitFor(() => expect(state()).toBe('Locked'));
    expect(lockKey).toHaveBeenCalledWith('k1');
  });

  it('says key-locked when no passphrase is given, in Japanese too', async () => {
    fakeBridge({
      unlockKey: vi.fn(async () => {
        throw new Error('key-locked');
      }),
      lockKey: vi.fn(async () => undefined),
    });
    await renderIn('ja', <KeysView />);
    expect(state()).toBe('ロック中');
    fireEvent.click(screen.getByRole('button', { name: 'admin@licsrv のロックを解除…' }));
    await screen.findByLabelText('パスフレーズ');
    fireEvent.click(screen.getByRole('button', { name: 'ロック解除' }));
    await waitFor(() => expect(screen.getByLabelText('パスフレーズ')).toBeTruthy());
    expect(await screen.findByRole('dialog')).toBeTruthy();
    const { default: ja } = await import('../../renderer/src/locales/ja.json');
    expect(await screen.findByText(ja.errors['key-locked'])).toBeTruthy();
  });
});
