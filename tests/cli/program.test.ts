import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('tunnelkeeper command line', () => {
  it('prints the package version with --version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('prints usage with --help and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: tunnelkeeper/m);
  });

  it('lists only commands that exist: each one listed answers its own --help', async () => {
    const help = (await runCli(['--help'])).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)]
      .map((m) => m[1] as string)
      .filter((name) => name !== 'help');
    for (const name of commands) {
      const result = await runCli([name, '--help']);
      expect(result.code, `${name} --help`).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Usage: tunnelkeeper ${name}`));
    }
  });

  it('exits 2 on an unknown option and names it on stderr', async () => {
    const result = await runCli(['--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--bogus'/);
    expect(result.stdout).toBe('');
  });

  it('exits 2 on an unknown command and names it on stderr', async () => {
    const result = await runCli(['no-such-command']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'no-such-command'/);
  });
});
