import fc from 'fast-check';
import { describe, it } from 'vitest';
import { importText } from '../../../main/core/imports/import';
import { decodeText } from '../../../main/core/imports/text';
import { ImportError, IMPORT_SOURCES } from '../../../main/core/imports/types';

/** Pieces of every input grammar, so random strings reach deep into the parsers. */
const PIECES = [
  'plink',
  'plink.exe',
  'ssh',
  'autossh',
  'start',
  '"t"',
  '-ssh',
  '-R',
  '-L',
  '-D',
  '-o',
  '-pw',
  '-P',
  '-p',
  '-l',
  '-i',
  '-J',
  '-hostkey',
  '-N',
  '-v',
  '-batch',
  '-g',
  ' ',
  ' ',
  '\n',
  '\r\n',
  '"',
  "'",
  '\\',
  ':',
  '[',
  ']',
  '/',
  '@',
  'h',
  '1',
  '80',
  '0',
  '99999',
  '::1',
  '=',
  '#',
  '^',
  '&',
  '|',
  ';',
  '>',
  '2>&1',
  '%',
  '$X',
  '~',
  'Host',
  'HostName',
  'LocalForward',
  'RemoteForward',
  'Match',
  'SERVER',
  'VENDOR',
  'DAEMON',
  'HOST',
  'ISV',
  'port=',
  'this_host',
  'Windows Registry Editor Version 5.00\n',
  '[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\x]\n',
  '"HostName"=',
  '"PortForwardings"=',
  '"PortNumber"=dword:',
  'ffffffff',
  ',',
  '%20',
  'REM ',
  '@echo off',
];

describe('parsers on random input', () => {
  it('return profiles or throw ImportError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), {
          maxLength: 40,
        }),
        fc.constantFrom(...IMPORT_SOURCES, 'auto' as const),
        (parts, source) => {
          try {
            importText(source, parts.join(''), {
              localUser: 'u',
              homeDir: '/h',
              tunnelHost: 'u@p',
            });
          } catch (error) {
            if (!(error instanceof ImportError)) throw error;
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('decode arbitrary bytes or throw ImportError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeText(bytes);
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
        }
      }),
    );
  });
});
