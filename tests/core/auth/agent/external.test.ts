import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  externalAgents,
  findPageantPipe,
  requireUsableAgent,
} from '../../../../main/core/auth/agent/external';
import { Keyring } from '../../../../main/core/auth/agent/keyring';
import { serveAgent } from '../../../../main/core/auth/agent/server';
import { unlockAtStart } from '../../../../main/core/auth/agent/startup';
import { generateKey } from '../../../../main/core/keys/generate';
import { writeKey } from '../../../../main/core/keys/write';
import { tempDir } from '../../../helpers/keytools';

describe('external agents', () => {
  it('agent-empty when the agent answers with no key, or is not running', async () => {
    const dir = tempDir('tk-ext-');
    const keyring = new Keyring();
    const served = await serveAgent(keyring, path.join(dir, 's', 'agent.sock'));
    await expect(requireUsableAgent(served.socket)).rejects.toMatchObject({
      code: 'agent-empty',
      message: /holds no key/,
    });
    keyring.add(await generateKey({ type: 'ed25519', comment: 'k' }));
    expect((await requireUsableAgent(served.socket)).usable).toHaveLength(1);
    await served.close();
    await expect(requireUsableAgent(served.socket)).rejects.toMatchObject({
      code: 'agent-empty',
      message: /not running/,
    });
    keyring.close();
  });

  it('finds Pageant’s per-user pipe by prefix (Windows naming, simulated listing)', async () => {
    const digest = 'ab'.repeat(32);
    const list = async () => [
      'openssh-ssh-agent',
      `pageant.alice.${digest}`,
      `pageant.bob.${digest}`,
    ];
    expect(await findPageantPipe('bob', list)).toBe(`\\\\.\\pipe\\pageant.bob.${digest}`);
    expect(await findPageantPipe('carol', list)).toBeUndefined();
    const agents = await externalAgents(
      { SSH_AUTH_SOCK: '/tmp/x' },
      'win32',
      async () => '\\\\.\\pipe\\pageant.bob.x',
    );
    expect(agents.map((a) => a.kind)).toEqual(['ssh-auth-sock', 'pageant', 'openssh-windows']);
    expect(await externalAgents({}, 'linux')).toEqual([]);
  });

  it('unlocks marked keys at start from passphrase files; failures are reported, not thrown', async () => {
    const dir = tempDir('tk-start-');
    const key = await generateKey({ type: 'ed25519', comment: 'boot' });
    const file = path.join(dir, 'k');
    writeFileSync(file, await writeKey(key, 'openssh', { passphrase: 's3cret-pass' }));
    writeFileSync(path.join(dir, 'pass'), 's3cret-pass\r\n');
    writeFileSync(path.join(dir, 'bad'), 'nope\n');
    const keyring = new Keyring();
    const results = await unlockAtStart(keyring, [
      { keyFile: file, passphraseFile: path.join(dir, 'bad') },
      { keyFile: file, passphraseFile: path.join(dir, 'pass') },
    ]);
    expect(results[0]).toMatchObject({ ok: false, code: 'wrong-passphrase' });
    expect(results[1]).toMatchObject({ ok: true });
    expect(JSON.stringify(results)).not.toContain('s3cret-pass');
    expect(keyring.list()).toHaveLength(1);
    keyring.close();
  });
});

describe('chooseAgent', () => {
  it('prefers the built-in keyring, else a usable external agent, else agent-empty', async () => {
    const { chooseAgent, BUILTIN_AGENT } =
      await import('../../../../main/core/auth/agent/for-profile');
    const { KeyringAgent } = await import('../../../../main/core/auth/agent/ssh2-agent');
    const keyring = new Keyring();
    await expect(chooseAgent(BUILTIN_AGENT, keyring, {})).rejects.toMatchObject({
      code: 'agent-empty',
    });
    await expect(chooseAgent(undefined, keyring, {})).rejects.toMatchObject({
      code: 'agent-empty',
    });
    keyring.add(await generateKey({ type: 'ed25519', comment: 'k' }));
    expect((await chooseAgent(undefined, keyring, {})).agent).toBeInstanceOf(KeyringAgent);
    const other = new Keyring();
    other.add(await generateKey({ type: 'ed25519', comment: 'o' }));
    const served = await serveAgent(other, path.join(tempDir('tk-choose-'), 's', 'agent.sock'));
    expect((await chooseAgent(undefined, undefined, { SSH_AUTH_SOCK: served.socket })).agent).toBe(
      served.socket,
    );
    await served.close();
    keyring.close();
    other.close();
  });
});
