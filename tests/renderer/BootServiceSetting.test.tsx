import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BootStatus } from '../../contract';
import { SettingsView } from '../../renderer/src/components/settings/SettingsView';
import { fakeBridge, resetStore } from './fake-bridge';
import { renderIn } from './render';

const LABEL = 'Keep tunnels running at startup, even when nobody is signed in';
const off: BootStatus = { installed: false, needsAdmin: true, platform: 'windows' };

beforeEach(resetStore);
afterEach(cleanup);

/** A promise the test settles by hand, to look at the switch while the change runs. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Settings: keep tunnels running at startup (the boot service)', () => {
  it('shows the state main reports, says Windows will ask, and is busy while it changes', async () => {
    const change = deferred<BootStatus>();
    const { api } = fakeBridge({
      bootStatus: vi.fn(async () => off),
      setBoot: vi.fn(() => change.promise),
    });
    await renderIn('en', <SettingsView />);
    const toggle = await screen.findByRole('switch', { name: LABEL });
    await waitFor(() => expect((toggle as HTMLInputElement).disabled).toBe(false));
    expect((toggle as HTMLInputElement).checked).toBe(false);
    expect(screen.getByText('Needs administrator rights: Windows will ask.')).toBeTruthy();

    fireEvent.click(toggle);
    expect(api.setBoot).toHaveBeenCalledWith(true);
    expect((toggle as HTMLInputElement).checked).toBe(true);
    expect((toggle as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('Applying the change…')).toBeTruthy();

    await act(async () => change.resolve({ ...off, installed: true }));
    expect((toggle as HTMLInputElement).checked).toBe(true);
    expect((toggle as HTMLInputElement).disabled).toBe(false);
    expect(screen.queryByText('Applying the change…')).toBeNull();
  });

  it('a cancelled prompt puts the switch back with a small note, no error', async () => {
    fakeBridge({
      bootStatus: vi.fn(async () => off),
      setBoot: vi.fn(async () => {
        throw new Error('cancelled');
      }),
    });
    await renderIn('en', <SettingsView />);
    const toggle = await screen.findByRole('switch', { name: LABEL });
    await waitFor(() => expect((toggle as HTMLInputElement).disabled).toBe(false));
    fireEvent.click(toggle);
    await screen.findByText('Nothing was changed: the administrator prompt was cancelled.');
    expect((toggle as HTMLInputElement).checked).toBe(false);
    expect(screen.queryByText('Cancelled: nothing was changed.')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a failure is said under the switch, which shows what is installed now', async () => {
    const { api } = fakeBridge({
      bootStatus: vi.fn(async () => ({ ...off, installed: true })),
      setBoot: vi.fn(async () => {
        throw new Error('boot-failed');
      }),
    });
    await renderIn('en', <SettingsView />);
    const toggle = await screen.findByRole('switch', { name: LABEL });
    await waitFor(() => expect((toggle as HTMLInputElement).checked).toBe(true));
    fireEvent.click(toggle);
    expect(api.setBoot).toHaveBeenCalledWith(false);
    await screen.findByText('The startup service could not be set up or removed.');
    // Asked again after the failure: still installed.
    expect(api.bootStatus).toHaveBeenCalledTimes(2);
    expect((toggle as HTMLInputElement).checked).toBe(true);
  });

  it('in Japanese, on Linux: asks for the administrator password', async () => {
    fakeBridge({
      bootStatus: vi.fn(async (): Promise<BootStatus> => ({
        installed: false,
        needsAdmin: true,
        platform: 'linux',
      })),
    });
    await renderIn('ja', <SettingsView />);
    await screen.findByRole('switch', {
      name: 'サインインしていなくても、起動時にトンネルを動かし続ける',
    });
    await screen.findByText('管理者権限が必要です。管理者のパスワードの入力を求められます。');
  });

  it('in Japanese, on Windows: says Windows will ask', async () => {
    fakeBridge({ bootStatus: vi.fn(async () => off) });
    await renderIn('ja', <SettingsView />);
    await screen.findByText('管理者権限が必要です。Windows の確認画面が表示されます。');
  });

  it('no hint when no rights are needed; no switch on an OS without a boot service', async () => {
    fakeBridge({
      bootStatus: vi.fn(async (): Promise<BootStatus> => ({
        installed: false,
        needsAdmin: false,
        platform: 'linux',
      })),
    });
    await renderIn('en', <SettingsView />);
    const toggle = await screen.findByRole('switch', { name: LABEL });
    await waitFor(() => expect((toggle as HTMLInputElement).disabled).toBe(false));
    expect(screen.queryByText(/Needs administrator rights/)).toBeNull();
    cleanup();

    const { api } = fakeBridge({
      bootStatus: vi.fn(async () => ({ installed: false, needsAdmin: false, platform: null })),
    });
    await renderIn('en', <SettingsView />);
    await waitFor(() => expect(api.bootStatus).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByRole('switch', { name: LABEL })).toBeNull());
    expect(screen.getByRole('switch', { name: 'Start Tunnelkeeper when I sign in' })).toBeTruthy();
  });
});
