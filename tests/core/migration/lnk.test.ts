import { describe, expect, it } from 'vitest';
import { LnkError, parseLnk } from '../../../main/core/migration/lnk';
import { fixture } from './helpers';
import { buildLnk } from './lnk-builder';

const PLINK = 'C:\\Program Files\\PuTTY\\plink.exe';

describe('shell links (MS-SHLLINK)', () => {
  it('reads the Startup shortcut to plink: target from LinkInfo, Unicode strings, minimized', () => {
    expect(parseLnk(fixture('startup/Rescale plink.lnk'))).toEqual({
      target: PLINK,
      targetSource: 'link-info',
      arguments:
        '-ssh -i C:\\Users\\admin\\.ssh\\id_rsa.ppk rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -R 4084:licsrv:4084 -N -batch',
      workingDir: 'C:\\Program Files\\PuTTY',
      name: 'Rescale license tunnel',
      iconLocation: PLINK,
      advertised: false,
      isUnicode: true,
      flags: 0xf7,
      showCommand: 7,
    });
  });

  it('reads the Startup shortcut to Pageant: LinkInfo with its Unicode paths, two key arguments', () => {
    const link = parseLnk(fixture('startup/Pageant.lnk'));
    expect(link).toMatchObject({
      target: 'C:\\Program Files\\PuTTY\\pageant.exe',
      targetSource: 'link-info',
      arguments: 'C:\\keys\\a.ppk "C:\\Users\\admin\\My Keys\\b.ppk"',
      workingDir: 'C:\\Program Files\\PuTTY\\',
      relativePath: '..\\..\\..\\..\\..\\..\\..\\Program Files\\PuTTY\\pageant.exe',
      showCommand: 1,
    });
  });

  it('reads ANSI strings (no IsUnicode), a network target and an environment-variable target', () => {
    const link = parseLnk(
      buildLnk({
        target: '\\\\fileserver\\tools\\PuTTY\\plink.exe',
        arguments: '-load "Rescale" -N',
        workingDir: 'C:\\Temp',
        unicode: false,
        environmentTarget: '%ProgramFiles%\\PuTTY\\plink.exe',
      }),
    );
    expect(link).toMatchObject({
      target: '\\\\fileserver\\tools\\PuTTY\\plink.exe',
      targetSource: 'link-info',
      arguments: '-load "Rescale" -N',
      workingDir: 'C:\\Temp',
      environmentTarget: '%ProgramFiles%\\PuTTY\\plink.exe',
      isUnicode: false,
    });
  });

  it('prefers the Unicode paths of LinkInfo and of the environment block (the ANSI ones lose characters)', () => {
    const target = 'C:\\Users\\Łukasz\\Tools\\plink.exe';
    const link = parseLnk(buildLnk({ target, linkInfo: 'unicode', arguments: '-N' }));
    expect(link.target).toBe(target);
    const ansiOnly = parseLnk(buildLnk({ target, linkInfo: 'ansi' }));
    expect(ansiOnly.target).toBe('C:\\Users\\?ukasz\\Tools\\plink.exe');
    const env = parseLnk(
      buildLnk({ target, linkInfo: 'none', environmentTarget: '%USERPROFILE%\\Łukasz.exe' }),
    );
    expect(env.target).toBe('%USERPROFILE%\\Łukasz.exe');
  });

  it('falls back to the environment target, then to the relative path, when there is no LinkInfo', () => {
    const env = buildLnk({
      target: PLINK,
      linkInfo: 'none',
      environmentTarget: '%ProgramFiles%\\PuTTY\\plink.exe',
    });
    expect(parseLnk(env)).toMatchObject({
      target: '%ProgramFiles%\\PuTTY\\plink.exe',
      targetSource: 'environment',
    });
    const rel = buildLnk({ target: PLINK, linkInfo: 'none', relativePath: '..\\PuTTY\\plink.exe' });
    expect(parseLnk(rel)).toMatchObject({
      target: '..\\PuTTY\\plink.exe',
      targetSource: 'relative-path',
    });
    const none = parseLnk(buildLnk({ target: PLINK, linkInfo: 'none', arguments: '-N' }));
    expect(none.target).toBeUndefined();
    expect(none.targetSource).toBe('none');
  });

  it('gives a LnkError, never another exception, for the file cut at any length', () => {
    const bytes = fixture('startup/Rescale plink.lnk');
    const extraStart = bytes.length - 4; // the TerminalBlock
    for (let n = 0; n < bytes.length; n++) {
      const cut = bytes.subarray(0, n);
      if (n === extraStart) {
        expect(parseLnk(cut).target).toBe(PLINK); // a file that ends cleanly between blocks
        continue;
      }
      let error: unknown;
      try {
        parseLnk(cut);
      } catch (e) {
        error = e;
      }
      expect(error, `cut at ${n}`).toBeInstanceOf(LnkError);
    }
  });

  it.each([
    [
      'a short file',
      Buffer.from('L\0\0\0'),
      'the file has 4 bytes, fewer than the 76-byte ShellLinkHeader: it is not a shell link or was cut short',
    ],
    [
      'a wrong HeaderSize',
      (() => {
        const b = Buffer.from(fixture('startup/Pageant.lnk'));
        b.writeUInt32LE(0x50, 0);
        return b;
      })(),
      'HeaderSize is 0x50, a shell link has 0x4C: this is not a .lnk file',
    ],
    [
      'a wrong CLSID',
      (() => {
        const b = Buffer.from(fixture('startup/Pageant.lnk'));
        b[4] = 0x02;
        return b;
      })(),
      'LinkCLSID is not 00021401-0000-0000-C000-000000000046: this is not a shell link',
    ],
    [
      'an IDListSize past the end',
      (() => {
        const b = Buffer.from(fixture('startup/Pageant.lnk'));
        b.writeUInt16LE(0xfff0, 0x4c);
        return b;
      })(),
      /^the file ends inside the LinkTargetIDList \(65520 bytes needed at offset 78, the file has 734\)$/,
    ],
    [
      'arguments cut short',
      fixture('startup/Rescale plink.lnk').subarray(0, 700),
      /^the file ends inside StringData COMMAND_LINE_ARGUMENTS \(\d+ bytes needed at offset \d+, the file has 700\)$/,
    ],
    [
      'text that is not a link',
      Buffer.from('@echo off\r\nplink -N x@y\r\n'.repeat(5)),
      'HeaderSize is 0x68636540, a shell link has 0x4C: this is not a .lnk file',
    ],
  ])('%s', (_what, bytes, message) => {
    expect(() => parseLnk(bytes)).toThrow(LnkError);
    expect(() => parseLnk(bytes)).toThrow(message);
  });
});
