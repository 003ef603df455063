import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Profile } from '../../contract';
import { SetupAssistant } from '../../renderer/src/components/setup/SetupAssistant';
import { TunnelsView } from '../../renderer/src/components/tunnels/TunnelsView';
import { readDraft } from '../../renderer/src/lib/setupDraft';
import { useAppStore } from '../../renderer/src/store';
import { ProfileSchema } from '../../main/core/config/schema';
import { fakeBridge, resetStore } from './fake-bridge';
import { renderIn } from './render';

const FINGERPRINT = 'SHA256:MjHe6M5tOX5seJvBYCBQCTVmPnr8uAGHvRVl7Gy6aRI';
const OTHER = 'SHA256:AAAAe6M5tOX5seJvBYCBQCTVmPnr8uAGHvRVl7Gy6aRI';

const session: Profile = ProfileSchema.parse({
  id: 'rescale',
  name: 'rescale',
  host: 'clp.tunnel.example.com',
  user: 'rescale',
  auth: { agent: true },
  forwards: [
    { id: 'R1055', type: 'remote', bindPort: 1055, targetHost: 'licsrv', targetPort: 1055 },
  ],
});

beforeEach(() => {
  resetStore();
  localStorage.clear();
  useAppStore.getState().setAppInfo({
    version: '1.0.0',
    platform: 'win32',
    locale: 'en-US',
    algorithms: { kex: [], cipher: [], hmac: [], serverHostKey: [] },
  } as never);
});
afterEach(cleanup);

const dialog = () => screen.getByTestId('setup');

describe('the setup assistant, migrating from PuTTY on Windows', () => {
  it('reads the saved sessions from this computer, offers Pageant’s keys, compares with PuTTY’s host key', async () => {
    const { api } = fakeBridge({
      puttySessions: vi.fn(async () => ({ profiles: [session], warnings: [] })),
      pageantKeys: vi.fn(async () => [
        { path: 'C:\\Users\\admin\\.ssh\\rescale.ppk', from: 'Startup\\Pageant.lnk' },
      ]),
      saveProfile: vi.fn(async (p) => ProfileSchema.parse(p)),
      inspectKey: vi.fn(async () => {
        throw new Error('key-unreadable');
      }),
      presentedHostKey: vi.fn(async () => ({ keyType: 'ssh-ed25519', fingerprint: FINGERPRINT })),
      puttyHostKey: vi.fn(async () => ({ keyType: 'ssh-ed25519', fingerprint: OTHER })),
    });
    await renderIn(
      'en',
      <>
        <TunnelsView />
        <SetupAssistant />
      </>,
    );
    // First run (no tunnels), on Windows: "set up from PuTTY" starts on PuTTY's sessions.
    fireEvent.click(await screen.findByTestId('setup-from-putty'));
    await screen.findByTestId('setup');
    const putty = within(dialog()).getByRole('radio', { name: /PuTTY saved session/ });
    expect((putty as HTMLInputElement).checked).toBe(true);
    fireEvent.click(
      within(dialog()).getByRole('button', { name: /Read the sessions saved in PuTTY/ }),
    );
    await within(dialog()).findByTestId('import-preview');
    expect(api.puttySessions).toHaveBeenCalledOnce();
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Save and continue' }));
    await waitFor(() => expect(dialog().getAttribute('data-step')).toBe('key'));
    expect(api.saveProfile).toHaveBeenCalledWith(expect.objectContaining({ autostart: false }));
    expect(readDraft()).toEqual({ profileId: 'rescale', step: 'key' });

    // plink without -i used Pageant: its startup keys are offered.
    const keys = await within(dialog()).findByTestId('setup-pageant-keys');
    fireEvent.click(within(keys).getByRole('button', { name: 'Use this file' }));
    await waitFor(() =>
      expect(api.saveProfile).toHaveBeenLastCalledWith(
        expect.objectContaining({
          auth: expect.objectContaining({ keyFile: 'C:\\Users\\admin\\.ssh\\rescale.ppk' }),
        }),
      ),
    );

    // PuTTY once accepted another key for this server: stop in red, no "trust" button.
    act(() => useAppStore.getState().setSetupStep('hostKey'));
    const verdict = await within(dialog()).findByTestId('setup-host-putty');
    expect(verdict.getAttribute('data-putty')).toBe('different');
    expect(verdict.textContent).toContain(OTHER);
    expect(within(dialog()).queryByTestId('setup-trust')).toBeNull();
    expect((within(dialog()).getByTestId('setup-next') as HTMLButtonElement).disabled).toBe(true);
  });

  it('PuTTY accepted the same host key: said so, and trusting it is one click', async () => {
    fakeBridge({
      presentedHostKey: vi.fn(async () => ({ keyType: 'ssh-ed25519', fingerprint: FINGERPRINT })),
      puttyHostKey: vi.fn(async () => ({ keyType: 'ssh-ed25519', fingerprint: FINGERPRINT })),
      saveProfile: vi.fn(async (p) => ProfileSchema.parse(p)),
    });
    useAppStore.getState().setProfiles([session]);
    useAppStore.getState().openSetup({ profileId: 'rescale', step: 'hostKey' });
    await renderIn('en', <SetupAssistant />);
    const verdict = await within(dialog()).findByTestId('setup-host-putty');
    expect(verdict.getAttribute('data-putty')).toBe('same');
    fireEvent.click(within(dialog()).getByTestId('setup-trust'));
    await within(dialog()).findByTestId('setup-host-verdict');
    expect((within(dialog()).getByTestId('setup-next') as HTMLButtonElement).disabled).toBe(false);
  });

  it('a runner that cannot be disabled stops the start; the one already disabled keeps its undo on screen', async () => {
    const runner = (name: string) => ({
      kind: 'task' as const,
      name,
      location: `\\${name}`,
      command: 'plink.exe -R 1055:licsrv:1055 rescale@clp.tunnel.example.com',
      enabled: true,
      runsWhenLoggedOff: true,
      sameForwards: ['R1055→licsrv:1055'],
    });
    const { api } = fakeBridge({
      migrationRunners: vi.fn(async () => [runner('plink tunnel'), runner('plink tunnel 2')]),
      disableRunner: vi.fn(async (location: string) => {
        if (location.endsWith('2')) throw new Error('internal');
        return { undo: 'schtasks /change /tn "\\plink tunnel" /enable' };
      }),
      saveProfile: vi.fn(async (p) => ProfileSchema.parse(p)),
    });
    useAppStore.getState().setProfiles([session]);
    useAppStore.getState().openSetup({ profileId: 'rescale', step: 'keepRunning' });
    await renderIn('en', <SetupAssistant />);
    await within(dialog()).findAllByTestId('setup-runner');
    await waitFor(() =>
      expect((within(dialog()).getByTestId('setup-next') as HTMLButtonElement).disabled).toBe(
        false,
      ),
    );
    fireEvent.click(within(dialog()).getByTestId('setup-next'));
    const error = await within(dialog()).findByTestId('setup-error');
    expect(error.textContent).toContain('schtasks /change /tn "\\plink tunnel" /enable');
    expect(api.startTunnel).not.toHaveBeenCalled();
    expect(dialog().getAttribute('data-step')).toBe('keepRunning');
  });
});
