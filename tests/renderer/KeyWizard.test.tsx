import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostKeyDialog } from '../../renderer/src/components/HostKeyDialog';
import { KeyWizardDialog } from '../../renderer/src/components/keys/KeyWizard';
import { PasteChecker } from '../../renderer/src/components/keys/PasteChecker';
import { useAppStore } from '../../renderer/src/store';
import { fakeBridge, resetStore } from './fake-bridge';
import { renderIn } from './render';

const PUBLIC =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAuT3hhmSisxjRLnEjORpXJ3coF/tKx3DaLWDzQ/qbs me@pc';
const INFO = {
  format: 'ppk3',
  keyType: 'ssh-ed25519',
  bits: 256,
  encrypted: true,
  unlocked: false,
  comment: 'me@pc',
  fingerprint: 'SHA256:ehLZNnr09JR1ZxNjgq8nRctixtvIkZ5bC4WMH/BYJIE',
  publicKey: PUBLIC,
};
const RESULT = {
  key: {
    id: 'k',
    path: 'C:\\keys\\id',
    type: 'ssh-ed25519',
    bits: 256,
    fingerprint: INFO.fingerprint,
    comment: 'me@pc',
    format: 'openssh',
    encrypted: false,
  },
  outputPath: 'C:\\keys\\id',
  publicKeyLine: PUBLIC,
};

beforeEach(() => {
  resetStore();
  useAppStore.getState().setWizardOpen(true);
});
afterEach(cleanup);

const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));
const type = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('the key wizard', () => {
  it('converts a PPK v3: detect → passphrase → OpenSSH → public key to copy', async () => {
    let resolveConvert: (r: typeof RESULT) => void = () => undefined;
    const inspectKey = vi.fn(async (_path: string, passphrase?: string) => {
      if (passphrase === 'wrong') throw new Error('wrong-passphrase');
      return { ...INFO, unlocked: Boolean(passphrase) };
    });
    const convertKey = vi.fn(() => new Promise((resolve) => (resolveConvert = resolve)));
    fakeBridge({ inspectKey, convertKey } as never);
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await renderIn('en', <KeyWizardDialog />);

    click('Convert an existing key');
    type('Key file', 'C:\\keys\\id.ppk');
    click('Next');
    await screen.findByTestId('key-detected');
    expect(screen.getByTestId('key-detected').textContent).toContain(
      'PuTTY key (PPK v3) · ssh-ed25519 256 bits',
    );
    type(/Passphrase of this key/, 'wrong');
    click('Next');
    await screen.findByText('Wrong passphrase.');
    type(/Passphrase of this key/, 'secret');
    click('Next');
    await screen.findByText('Format');
    expect((screen.getByTestId('key-output') as HTMLInputElement).value).toBe('C:\\keys\\id');
    expect(screen.getByText(/saved without a passphrase/)).toBeTruthy();
    click('Convert');
    // Argon2 runs in main: the window shows progress meanwhile.
    await screen.findByRole('progressbar');
    expect(convertKey).toHaveBeenCalledWith({
      sourcePath: 'C:\\keys\\id.ppk',
      passphrase: 'secret',
      targetFormat: 'openssh',
      outputPath: 'C:\\keys\\id',
    });
    resolveConvert(RESULT);
    await screen.findByTestId('public-key-result');
    expect((screen.getByTestId('public-key-line') as HTMLTextAreaElement).value).toBe(PUBLIC);
    expect(screen.getByTestId('key-fingerprint').textContent).toBe(INFO.fingerprint);
    click('Copy public key');
    await screen.findByText('Copied.');
    expect(writeText).toHaveBeenCalledWith(PUBLIC);
  });

  it('generates a key, in Japanese, and checks the passphrases match', async () => {
    const generateKey = vi.fn(async () => RESULT);
    fakeBridge({ generateKey } as never);
    await renderIn('ja', <KeyWizardDialog />);
    click('新しい鍵を作成する');
    type('新しいファイルのパスフレーズ', 'a');
    type('パスフレーズ(確認)', 'b');
    type('保存先', '/home/me/.ssh/id_ed25519');
    click('鍵を作成');
    await screen.findByText('二つのパスフレーズが一致しません。');
    expect(generateKey).not.toHaveBeenCalled();
    type('パスフレーズ(確認)', 'a');
    click('鍵を作成');
    await screen.findByTestId('public-key-result');
    expect(generateKey).toHaveBeenCalledWith({
      type: 'ed25519',
      comment: '',
      format: 'openssh',
      outputPath: '/home/me/.ssh/id_ed25519',
      passphrase: 'a',
    });
  });

  it('says what the core found wrong with a paste', async () => {
    const checkPublicKey = vi.fn(async () => ({
      ok: false,
      keyType: 'ssh-ed25519',
      fingerprint: null,
      problem: 'truncated',
      message: 'cut',
      suggestion: null,
      comment: null,
    }));
    fakeBridge({ checkPublicKey } as never);
    await renderIn('en', <PasteChecker expected={PUBLIC} />);
    type('Check a paste', PUBLIC.slice(0, -20));
    await screen.findByText('The key is cut off: characters are missing at the start or the end.');
  });

  it('compares a paste itself when the bridge has no checker', async () => {
    fakeBridge();
    await renderIn('en', <PasteChecker expected={PUBLIC} />);
    type('Check a paste', PUBLIC.replace('me@pc', 'other comment'));
    await screen.findByText('It matches this key.');
    type('Check a paste', 'ssh-ed25519 AAAAdifferent');
    await screen.findByText('It does not match this key.');
  });
});

describe('the host key dialog', () => {
  const prompt = {
    tunnelId: 'lic',
    host: 'clp.example',
    port: 22,
    keyType: 'ssh-ed25519',
    fingerprint: INFO.fingerprint,
  };

  it('offers trust once / always / cancel on first connection', async () => {
    const answerHostKey = vi.fn(async () => undefined);
    fakeBridge({ answerHostKey } as never);
    useAppStore.getState().setHostKeyPrompt(prompt);
    await renderIn('en', <HostKeyDialog />);
    expect(screen.getByTestId('hostkey-fingerprint').textContent).toBe(INFO.fingerprint);
    click('Trust always');
    expect(answerHostKey).toHaveBeenCalledWith('lic', 'always');
    await waitFor(() => expect(screen.queryByTestId('hostkey-dialog')).toBeNull());
  });

  it('blocks on a changed key: only Cancel', async () => {
    fakeBridge();
    useAppStore.getState().setHostKeyPrompt({ ...prompt, previousFingerprint: 'SHA256:old' });
    await renderIn('en', <HostKeyDialog />);
    expect(screen.getByText("The server's host key has CHANGED")).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Trust always' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Trust this time only' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
  });
});
