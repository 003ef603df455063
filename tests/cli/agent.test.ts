/** `tunnelkeeper agent serve|list|add|remove`, with the real ssh-add as a second client. */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { startCli, type CliProcess } from '../helpers/cli-process';
import { passFile, tempDir } from '../helpers/keytools';
import { requirePeer } from '../helpers/peers';

const run = promisify(execFile);
const PASS = 'agent-cli-passphrase-91x';

describe('tunnelkeeper agent', () => {
  const dir = tempDir('tk-cli-agent-');
  const socket = path.join(dir, 'run', 'agent.sock');
  let serving: CliProcess | undefined;

  afterAll(async () => {
    if (serving && serving.child.exitCode === null) {
      serving.child.kill('SIGKILL');
      await serving.exited;
    }
  });

  it('serve unlocks an encrypted PPK v3 at start; ssh-add and agent list/add/remove talk to it', async () => {
    const ppk = path.join(dir, 'k.ppk');
    const pass = passFile(dir, PASS);
    await run(requirePeer('puttygen'), [
      '-q',
      '-t',
      'ed25519',
      '-C',
      'cli-key',
      '-o',
      ppk,
      '--new-passphrase',
      pass,
    ]);
    const { stdout: fpLine } = await run(requirePeer('puttygen'), [
      ppk,
      '-l',
      '-E',
      'sha256',
      '--old-passphrase',
      pass,
    ]);
    const fingerprint = fpLine.trim().split(/\s+/)[2]!;

    const bad = await runCli([
      'agent',
      'serve',
      '--socket',
      socket,
      '--key',
      ppk,
      '--passphrase-file',
      passFile(dir, 'wrong'),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cannot unlock .*k\.ppk/);

    serving = startCli(
      ['agent', 'serve', '--socket', socket, '--key', ppk, '--passphrase-file', pass, '--json'],
      {},
    );
    const listening = await serving.waitForLine((l) => l.type === 'listening');
    expect(listening.socket).toBe(socket);

    const { stdout: sshAdd } = await run(requirePeer('ssh-add'), ['-l', '-E', 'sha256'], {
      env: { ...process.env, SSH_AUTH_SOCK: socket },
    });
    expect(sshAdd).toContain(fingerprint);

    const listed = await runCli(['agent', 'list', '--socket', socket, '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ fingerprint, keyType: 'ssh-ed25519', comment: 'cli-key' }),
    ]);

    const second = path.join(dir, 'second');
    await run(requirePeer('ssh-keygen'), [
      '-q',
      '-t',
      'ecdsa',
      '-N',
      PASS,
      '-C',
      'second',
      '-f',
      second,
    ]);
    const locked = await runCli(['agent', 'add', second, '--socket', socket]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/passphrase-file/);
    const added = await runCli([
      'agent',
      'add',
      second,
      '--socket',
      socket,
      '--passphrase-file',
      pass,
      '--json',
    ]);
    expect(added.code).toBe(0);
    const secondFp = JSON.parse(added.stdout).fingerprint as string;
    expect((await runCli(['agent', 'list', '--socket', socket])).stdout).toContain(secondFp);

    expect((await runCli(['agent', 'remove', secondFp, '--socket', socket])).code).toBe(0);
    const gone = await runCli(['agent', 'remove', secondFp, '--socket', socket]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/holds no key/);

    serving.child.kill('SIGTERM');
    expect((await serving.exited).code).toBe(0);
    expect(existsSync(socket)).toBe(false);
    // The passphrase never reaches the output.
    expect(JSON.stringify(serving.lines) + serving.stderr()).not.toContain(PASS);
    expect(readFileSync(pass, 'utf8')).toContain(PASS);

    const down = await runCli(['agent', 'list', '--socket', socket]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the SSH agent/);
  });

  it('refuses another agent’s pipe name and bad arguments', async () => {
    const hijack = await runCli(['agent', 'serve', '--socket', '\\\\.\\pipe\\openssh-ssh-agent']);
    expect(hijack.code).toBe(1);
    expect(hijack.stderr).toMatch(/another agent/);
    expect((await runCli(['agent', 'add'])).code).toBe(2);
    expect((await runCli(['agent', 'serve', '--idle-lock', 'soon'])).code).toBe(2);
  });
});
