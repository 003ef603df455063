import { describe, expect, it } from 'vitest';
import { parseLnk } from '../../../main/core/migration/lnk';
import { parsePageantArgs } from '../../../main/core/migration/pageant';
import { fixture } from './helpers';

describe("Pageant's command line", () => {
  it('reads the keys of the Startup shortcut, quoted or not', () => {
    const link = parseLnk(fixture('startup/Pageant.lnk'));
    expect(parsePageantArgs(link.arguments ?? '')).toEqual({
      keys: [
        { path: 'C:\\keys\\a.ppk', encrypted: false },
        { path: 'C:\\Users\\admin\\My Keys\\b.ppk', encrypted: false },
      ],
      warnings: [],
    });
  });

  it('marks the keys after --encrypted (or -no-decrypt), and skips the values of -openssh-config and -unix', () => {
    expect(
      parsePageantArgs(
        'a.ppk -restrict-acl --encrypted b.ppk --openssh-config C:\\pageant.conf -unix=C:\\agent.sock -keylist c.ppk',
      ).keys,
    ).toEqual([
      { path: 'a.ppk', encrypted: false },
      { path: 'b.ppk', encrypted: true },
      { path: 'c.ppk', encrypted: true },
    ]);
    expect(parsePageantArgs('-no-decrypt x.ppk').keys).toEqual([
      { path: 'x.ppk', encrypted: true },
    ]);
  });

  it('takes the rest of the command line after -c as the command, split as Pageant does', () => {
    expect(
      parsePageantArgs(
        'C:\\keys\\a.ppk -c "C:\\Program Files\\PuTTY\\plink.exe" -batch -N -R 1999:starlic:1999 rescale@proxy',
      ),
    ).toEqual({
      keys: [{ path: 'C:\\keys\\a.ppk', encrypted: false }],
      command: {
        text: '"C:\\Program Files\\PuTTY\\plink.exe" -batch -N -R 1999:starlic:1999 rescale@proxy',
        program: 'C:\\Program Files\\PuTTY\\plink.exe',
        args: '-batch -N -R 1999:starlic:1999 rescale@proxy',
      },
      warnings: [],
    });
    // Words after -c are the command's, even when they look like key files or options.
    expect(parsePageantArgs('-c plink.exe b.ppk --encrypted')).toEqual({
      keys: [],
      command: {
        text: 'plink.exe b.ppk --encrypted',
        program: 'plink.exe',
        args: 'b.ppk --encrypted',
      },
      warnings: [],
    });
    expect(parsePageantArgs('k.ppk -c').command).toBeUndefined();
  });

  it('reads a key file that starts with "-" after --, and says which options Pageant refuses', () => {
    expect(parsePageantArgs('-- -odd.ppk -c')).toEqual({
      keys: [
        { path: '-odd.ppk', encrypted: false },
        { path: '-c', encrypted: false },
      ],
      warnings: [],
    });
    expect(parsePageantArgs('-t a.ppk').warnings).toEqual([
      'Pageant stops at the unrecognised option "-t" before loading any key; the keys are listed as written',
    ]);
  });
});
