import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { supportedAlgorithms } from '../../main/core/config/algorithms';
import type { Profile } from '../../contract';
import { TunnelFormDialog } from '../../renderer/src/components/form/TunnelForm';
import { ImportDialog } from '../../renderer/src/components/form/ImportDialog';
import { useAppStore } from '../../renderer/src/store';
import { fakeBridge, resetStore } from './fake-bridge';
import { renderIn } from './render';

beforeEach(resetStore);
afterEach(cleanup);

const type = (name: string | RegExp, value: string) =>
  fireEvent.change(screen.getByRole('textbox', { name }), { target: { value } });

describe('the tunnel form', () => {
  it('shows validation messages at the fields and saves nothing', async () => {
    const { api } = fakeBridge();
    useAppStore.getState().setEditing({ mode: 'new' });
    await renderIn('en', <TunnelFormDialog />);
    type(/^SSH server/, 'me@proxy');
    type(/^Port/, '0');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('Enter a host name or IP address (no spaces, no user@).'),
    ).toBeTruthy();
    expect(screen.getByText('Enter a port from 1 to 65535.')).toBeTruthy();
    expect(screen.getByText('Choose the private key file.')).toBeTruthy();
    expect(screen.getAllByText('Required.')).toHaveLength(2);
    expect(api.saveProfile).not.toHaveBeenCalled();
  });

  it('saves a valid tunnel with a labelled license forward', async () => {
    const { api } = fakeBridge();
    useAppStore.getState().setEditing({ mode: 'new' });
    await renderIn('en', <TunnelFormDialog />);
    type(/^Name/, 'License proxy');
    type(/^SSH server/, 'clp.tunnel.example.com');
    type(/^User/, 'rescale');
    type(/^Private key file/, 'C:\\keys\\id_ed25519');
    fireEvent.click(screen.getByRole('button', { name: 'Add forward' }));
    type('Forward 1 listen port', '1055');
    type('Forward 1 target host', 'licsrv');
    type('Forward 1 target port', '1055');
    expect(
      (screen.getByRole('textbox', { name: 'Forward 1 label' }) as HTMLInputElement).value,
    ).toBe('ANSYS');
    expect(screen.getByText('License port: ANSYS')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveProfile).toHaveBeenCalled());
    expect(vi.mocked(api.saveProfile).mock.calls[0]?.[0]).toMatchObject({
      id: 'license-proxy',
      host: 'clp.tunnel.example.com',
      port: 22,
      auth: { agent: false, keyFile: 'C:\\keys\\id_ed25519' },
      forwards: [
        { type: 'remote', bindPort: 1055, targetHost: 'licsrv', targetPort: 1055, label: 'ANSYS' },
      ],
    });
    await waitFor(() => expect(useAppStore.getState().editing).toBeNull());
  });

  it('keeps the password out of the profile: it goes to the secret store', async () => {
    const { api } = fakeBridge();
    useAppStore.getState().setEditing({ mode: 'new' });
    await renderIn('en', <TunnelFormDialog />);
    type(/^Name/, 'pw');
    type(/^SSH server/, 'host');
    type(/^User/, 'me');
    fireEvent.click(screen.getByRole('radio', { name: 'Password' }));
    fireEvent.change(screen.getByLabelText(/^Password/, { selector: 'input[type=password]' }), {
      target: { value: 's3cret' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveProfile).toHaveBeenCalled());
    expect(api.storeSecret).toHaveBeenCalledWith('profile.pw', 's3cret');
    expect(JSON.stringify(vi.mocked(api.saveProfile).mock.calls[0])).not.toContain('s3cret');
  });
});

describe('the algorithms section of the tunnel form', () => {
  const profile = {
    id: 'old',
    name: 'Old appliance',
    host: 'appliance.example.com',
    port: 22,
    user: 'admin',
    auth: { agent: true },
    hostKey: { policy: 'strict', pinned: [] },
    keepalive: { intervalSeconds: 5, countMax: 3 },
    reconnect: {
      minDelaySeconds: 1,
      maxDelaySeconds: 60,
      stableSeconds: 60,
      readyTimeoutSeconds: 20,
    },
    autostart: false,
    forwards: [],
    algorithms: { cipher: '+aes256-cbc' },
  } as never as Profile;

  const editOld = (overrides: Partial<Profile> = {}) => {
    useAppStore.setState({ profiles: [{ ...profile, ...overrides }] });
    useAppStore.getState().setEditing({ mode: 'edit', id: 'old' });
  };

  it('is collapsed for a profile without algorithms', async () => {
    fakeBridge();
    editOld({ algorithms: undefined });
    await renderIn('en', <TunnelFormDialog />);
    const header = screen.getByRole('button', { name: 'Algorithms for old servers' });
    expect(header.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('textbox', { name: 'Ciphers' })).toBeNull();
    fireEvent.click(header);
    expect(screen.getByRole('textbox', { name: 'Ciphers' })).toBeTruthy();
  });

  it('opens by itself on the lists a profile sets, and saves what is added', async () => {
    const { api } = fakeBridge();
    editOld();
    await renderIn('en', <TunnelFormDialog />);
    expect(
      screen
        .getByRole('button', { name: 'Algorithms for old servers' })
        .getAttribute('aria-expanded'),
    ).toBe('true');
    expect(
      screen.getByText(
        'Only when the server speaks nothing newer. OpenSSH syntax: +name adds to the defaults, -name removes, ^name puts first.',
      ),
    ).toBeTruthy();
    const ciphers = screen.getByRole('textbox', { name: 'Ciphers' }) as HTMLInputElement;
    expect(ciphers.value).toBe('+aes256-cbc');
    expect((screen.getByRole('textbox', { name: 'MACs' }) as HTMLInputElement).placeholder).toBe(
      '+hmac-sha1-96',
    );
    type('Key exchange (KexAlgorithms)', '+diffie-hellman-group14-sha1');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveProfile).toHaveBeenCalled());
    expect(vi.mocked(api.saveProfile).mock.calls[0]?.[0]).toMatchObject({
      id: 'old',
      algorithms: { cipher: '+aes256-cbc', kex: '+diffie-hellman-group14-sha1' },
    });
    expect(vi.mocked(api.saveProfile).mock.calls[0]?.[0].algorithms).toEqual({
      cipher: '+aes256-cbc',
      kex: '+diffie-hellman-group14-sha1',
    });
  });

  it('shows a malformed list at its field and saves nothing', async () => {
    const { api } = fakeBridge();
    editOld();
    await renderIn('en', <TunnelFormDialog />);
    type('Host key types (HostKeyAlgorithms)', '+ssh-*');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(
        'Enter algorithm names separated by commas, optionally after one +, - or ^ (wildcards * and ? only after -).',
      ),
    ).toBeTruthy();
    expect(
      screen
        .getByRole('textbox', { name: 'Host key types (HostKeyAlgorithms)' })
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect(api.saveProfile).not.toHaveBeenCalled();
  });

  it('says a name the engine does not speak at its field, with the names main reported', async () => {
    const { api } = fakeBridge();
    useAppStore.setState({
      appInfo: {
        version: '1.0.0',
        platform: 'win32',
        locale: 'en-US',
        algorithms: supportedAlgorithms(),
      },
    });
    editOld();
    await renderIn('en', <TunnelFormDialog />);
    type('Ciphers', '+aes256-cbc,rot13');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(
        "Tunnelkeeper does not speak one of these algorithms: check the spelling against the server's list.",
      ),
    ).toBeTruthy();
    expect(api.saveProfile).not.toHaveBeenCalled();
  });

  it('speaks Japanese', async () => {
    fakeBridge();
    editOld();
    await renderIn('ja', <TunnelFormDialog />);
    expect(screen.getByRole('button', { name: '古いサーバー向けのアルゴリズム' })).toBeTruthy();
    for (const label of [
      '鍵交換(KexAlgorithms)',
      '暗号(Ciphers)',
      'メッセージ認証(MACs)',
      'ホスト鍵の種類(HostKeyAlgorithms)',
    ])
      expect(screen.getByRole('textbox', { name: label })).toBeTruthy();
    expect(screen.getByText(/^サーバーが新しいアルゴリズムに対応していない場合だけ/)).toBeTruthy();
  });
});

describe('the import dialog', () => {
  it('previews with warnings, then creates the profiles', async () => {
    const profile = {
      id: 'rescale',
      name: 'rescale@clp',
      host: 'clp',
      port: 22,
      user: 'rescale',
      forwards: [
        {
          type: 'remote',
          id: 'R4085',
          bindAddress: '127.0.0.1',
          bindPort: 4085,
          targetHost: 'Server',
          targetPort: 4085,
        },
      ],
    };
    const previewImport = vi.fn(async () => ({
      profiles: [profile],
      warnings: [
        { code: 'pw-refused', message: '-pw is refused: store the password instead', line: 1 },
      ],
    }));
    const { api } = fakeBridge({ previewImport } as never);
    useAppStore.getState().setImportOpen(true);
    await renderIn('en', <ImportDialog />);
    fireEvent.change(screen.getByLabelText('Command line or file contents'), {
      target: { value: 'plink -pw x rescale@clp -R 4085:Server:4085' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByTestId('import-preview');
    expect(screen.getByTestId('import-preview').textContent).toContain('R 4085 → Server:4085');
    expect(screen.getByTestId('import-warnings').textContent).toBe(
      'Line 1: -pw is refused: store the password instead',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Create tunnels (1)' }));
    await waitFor(() => expect(api.saveProfile).toHaveBeenCalledWith(profile));
  });
});
