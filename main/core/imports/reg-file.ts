import { ImportError } from './types';

/**
 * A Windows `.reg` export as data (never applied to any registry): sections and their values.
 * Strings are unescaped, `dword:` values become numbers, binary values are kept as hex text.
 */
export interface RegSection {
  path: string;
  line: number;
  values: Map<string, string | number>;
}

function unescapeRegString(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

export function parseRegFile(text: string): RegSection[] {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.trim() !== '');
  if (
    header < 0 ||
    !/^(Windows Registry Editor Version [0-9.]+|REGEDIT4)\s*$/.test(lines[header]!.trim())
  )
    throw new ImportError(
      'not a registry export: the first line should be "Windows Registry Editor Version 5.00" (regedit → Export, or reg export)',
      'not-a-reg-file',
    );
  const sections: RegSection[] = [];
  let current: RegSection | undefined;
  for (let i = header + 1; i < lines.length; i++) {
    let line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith(';')) continue;
    const section = /^\[(-?)(.+)\]$/.exec(line);
    if (section) {
      current = section[1]
        ? undefined
        : { path: section[2] as string, line: i + 1, values: new Map() };
      if (current) sections.push(current);
      continue;
    }
    // Binary values run on over lines ending in a backslash.
    while (line.endsWith('\\') && /=hex/.test(line) && i + 1 < lines.length)
      line = line.slice(0, -1) + (lines[++i] ?? '').trim();
    const value = /^(?:"((?:[^"\\]|\\.)*)"|@)=(.*)$/.exec(line);
    if (!value || !current) continue;
    const name = value[1] === undefined ? '' : unescapeRegString(value[1]);
    const data = (value[2] as string).trim();
    const str = /^"((?:[^"\\]|\\.)*)"$/.exec(data);
    const dword = /^dword:([0-9a-fA-F]{1,8})$/.exec(data);
    if (str) current.values.set(name, unescapeRegString(str[1] as string));
    else if (dword) current.values.set(name, parseInt(dword[1] as string, 16));
    else if (data !== '-') current.values.set(name, data);
  }
  return sections;
}

/** PuTTY escapes session names byte-wise as %XX; bytes are UTF-8 or the ANSI code page. */
export function decodeSessionName(name: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const hex = /^%([0-9a-fA-F]{2})/.exec(name.slice(i));
    if (hex) {
      bytes.push(parseInt(hex[1] as string, 16));
      i += 2;
    } else for (const b of Buffer.from(name[i] as string, 'utf8')) bytes.push(b);
  }
  const buf = Uint8Array.from(bytes);
  for (const encoding of ['utf-8', 'shift_jis', 'windows-1252']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(buf);
    } catch {
      // try the next encoding (or the code page is not built into this Node)
    }
  }
  return Buffer.from(buf).toString('latin1');
}
