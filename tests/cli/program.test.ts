import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands, modulesFor } from '../../main/cli/commands';
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

describe('the command table (each command module loads when its command is typed)', () => {
  it('names every command each module adds, and no other', async () => {
    for (const m of commands) {
      const program = new Command('tunnelkeeper');
      (await m.load())(program);
      expect(program.commands.map((c) => c.name())).toEqual(m.names);
    }
  });

  it('loads one module for its command, none for --version, all for the rest', () => {
    const up = commands.find((m) => m.names.includes('up'));
    expect(modulesFor(['up', '--config', 'c.json'])).toEqual([up]);
    expect(modulesFor(['logs', 'x']).map((m) => m.names)).toEqual([
      ['start', 'stop', 'restart', 'logs', 'reload'],
    ]);
    expect(modulesFor(['--version'])).toEqual([]);
    expect(modulesFor(['-V', 'up'])).toEqual([]);
    for (const argv of [[], ['--help'], ['--help', 'up'], ['help', 'up'], ['nope'], ['--bogus']])
      expect(modulesFor(argv)).toBe(commands);
  });
});
