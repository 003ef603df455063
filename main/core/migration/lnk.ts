/**
 * A Windows shell link (.lnk) → what it starts: target path, arguments, working directory.
 * Format: [MS-SHLLINK] Shell Link (.LNK) Binary File Format,
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-shllink/ — section numbers
 * below are that document's. All integers are little-endian.
 *
 *   2.1   ShellLinkHeader (76 bytes: HeaderSize 0x4C, LinkCLSID, LinkFlags, …)
 *   2.2   LinkTargetIDList (if HasLinkTargetIDList): IDListSize, then shell items. Skipped:
 *         its items are shell-namespace data the spec does not define; LinkInfo names the same
 *         target as a path.
 *   2.3   LinkInfo (if HasLinkInfo): LocalBasePath + CommonPathSuffix, or a network share
 *   2.4   StringData: NAME, RELATIVE_PATH, WORKING_DIR, COMMAND_LINE_ARGUMENTS, ICON_LOCATION,
 *         each a 16-bit character count then the characters (UTF-16LE when IsUnicode, else the
 *         system code page)
 *   2.5   ExtraData: EnvironmentVariableDataBlock (a target written with %VARIABLES%),
 *         DarwinDataBlock (a Windows Installer "advertised" shortcut), others skipped
 *
 * Every read is bounds-checked: a truncated or inconsistent file is a LnkError that says which
 * structure is wrong and where, never an exception from Buffer or a silently wrong path.
 */
export class LnkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LnkError';
  }
}

/** 2.1.1 LinkFlags. */
export const LinkFlags = {
  HasLinkTargetIDList: 0x1,
  HasLinkInfo: 0x2,
  HasName: 0x4,
  HasRelativePath: 0x8,
  HasWorkingDir: 0x10,
  HasArguments: 0x20,
  HasIconLocation: 0x40,
  IsUnicode: 0x80,
  ForceNoLinkInfo: 0x100,
  HasExpString: 0x200,
  HasDarwinID: 0x1000,
} as const;

/** 2.1: 00021401-0000-0000-C000-000000000046 in its on-disk byte order. */
const LINK_CLSID = Buffer.from('0114020000000000c000000000000046', 'hex');
const HEADER_SIZE = 0x4c;
const ENVIRONMENT_BLOCK = 0xa0000001;
const DARWIN_BLOCK = 0xa0000006;

export type TargetSource = 'link-info' | 'environment' | 'relative-path' | 'none';

export interface ShellLink {
  /** The program or file the link starts; undefined when only the ID list names it. */
  target?: string;
  /** Where `target` came from. */
  targetSource: TargetSource;
  arguments?: string;
  workingDir?: string;
  /** NAME_STRING: the description (tooltip). */
  name?: string;
  relativePath?: string;
  iconLocation?: string;
  /** The target as written with environment variables (`%ProgramFiles%\PuTTY\pageant.exe`). */
  environmentTarget?: string;
  /** A Windows Installer advertised shortcut: the target is a product, not a path. */
  advertised: boolean;
  isUnicode: boolean;
  flags: number;
  /** 2.1: SW_SHOWNORMAL 1, SW_SHOWMAXIMIZED 3, SW_SHOWMINNOACTIVE 7. */
  showCommand: number;
}

/** Bounds-checked little-endian reads that name the structure being read. */
class Reader {
  constructor(readonly b: Buffer) {}
  need(at: number, length: number, what: string): void {
    if (at < 0 || length < 0 || at + length > this.b.length)
      throw new LnkError(
        `the file ends inside ${what} (${length} bytes needed at offset ${at}, the file has ${this.b.length})`,
      );
  }
  u16(at: number, what: string): number {
    this.need(at, 2, what);
    return this.b.readUInt16LE(at);
  }
  u32(at: number, what: string): number {
    this.need(at, 4, what);
    return this.b.readUInt32LE(at);
  }
}

const ansi = (() => {
  // The "system default code page" of the machine that wrote the link; Windows-1252 on Western
  // systems. Only used where no Unicode variant exists; the paths we look for are ASCII.
  try {
    const d = new TextDecoder('windows-1252');
    return (b: Buffer) => d.decode(b);
  } catch {
    return (b: Buffer) => b.toString('latin1');
  }
})();

/** A NUL-terminated string within [start, end): ANSI (1 byte) or UTF-16LE (2 bytes a char). */
function cString(r: Reader, start: number, end: number, wide: boolean, what: string): string {
  if (start < 0 || start >= end || end > r.b.length)
    throw new LnkError(`${what} lies outside its structure (offset ${start})`);
  if (!wide) {
    const nul = r.b.indexOf(0, start);
    if (nul < 0 || nul >= end) throw new LnkError(`${what} is not terminated by a NUL`);
    return ansi(r.b.subarray(start, nul));
  }
  for (let i = start; i + 1 < end; i += 2)
    if (r.b[i] === 0 && r.b[i + 1] === 0) return r.b.subarray(start, i).toString('utf16le');
  throw new LnkError(`${what} is not terminated by a NUL`);
}

export function parseLnk(bytes: Uint8Array): ShellLink {
  const r = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (r.b.length < HEADER_SIZE)
    throw new LnkError(
      `the file has ${r.b.length} bytes, fewer than the 76-byte ShellLinkHeader: it is not a shell link or was cut short`,
    );
  const headerSize = r.u32(0, 'the ShellLinkHeader');
  if (headerSize !== HEADER_SIZE)
    throw new LnkError(
      `HeaderSize is 0x${headerSize.toString(16)}, a shell link has 0x4C: this is not a .lnk file`,
    );
  if (!r.b.subarray(4, 20).equals(LINK_CLSID))
    throw new LnkError(
      'LinkCLSID is not 00021401-0000-0000-C000-000000000046: this is not a shell link',
    );
  const flags = r.u32(20, 'LinkFlags');
  const showCommand = r.u32(60, 'ShowCommand');
  const isUnicode = (flags & LinkFlags.IsUnicode) !== 0;
  let at = HEADER_SIZE;

  if (flags & LinkFlags.HasLinkTargetIDList) at = skipIdList(r, at);

  let linkInfoPath: string | undefined;
  if (flags & LinkFlags.HasLinkInfo) {
    const size = r.u32(at, 'the LinkInfo size');
    if (size < 0x1c) throw new LnkError(`LinkInfoSize is ${size}, less than its 28-byte header`);
    r.need(at, size, 'the LinkInfo structure');
    if (!(flags & LinkFlags.ForceNoLinkInfo)) linkInfoPath = readLinkInfo(r, at, size);
    at += size;
  }

  const strings: Partial<Record<keyof typeof STRING_FLAGS, string>> = {};
  for (const [key, flag] of Object.entries(STRING_FLAGS) as [keyof typeof STRING_FLAGS, number][]) {
    if (!(flags & flag)) continue;
    const what = `StringData ${key}`;
    const count = r.u16(at, `the character count of ${what}`);
    const length = isUnicode ? count * 2 : count;
    r.need(at + 2, length, what);
    const raw = r.b.subarray(at + 2, at + 2 + length);
    strings[key] = isUnicode ? raw.toString('utf16le') : ansi(raw);
    at += 2 + length;
  }

  const extra = readExtraData(r, at);
  const environmentTarget = flags & LinkFlags.HasExpString ? extra.environment : undefined;
  const advertised = (flags & LinkFlags.HasDarwinID) !== 0 || extra.darwin;
  const [target, targetSource]: [string | undefined, TargetSource] = linkInfoPath
    ? [linkInfoPath, 'link-info']
    : environmentTarget
      ? [environmentTarget, 'environment']
      : strings.RELATIVE_PATH
        ? [strings.RELATIVE_PATH, 'relative-path']
        : [undefined, 'none'];
  return {
    ...(target !== undefined ? { target } : {}),
    targetSource,
    ...(strings.COMMAND_LINE_ARGUMENTS !== undefined
      ? { arguments: strings.COMMAND_LINE_ARGUMENTS }
      : {}),
    ...(strings.WORKING_DIR !== undefined ? { workingDir: strings.WORKING_DIR } : {}),
    ...(strings.NAME_STRING !== undefined ? { name: strings.NAME_STRING } : {}),
    ...(strings.RELATIVE_PATH !== undefined ? { relativePath: strings.RELATIVE_PATH } : {}),
    ...(strings.ICON_LOCATION !== undefined ? { iconLocation: strings.ICON_LOCATION } : {}),
    ...(environmentTarget !== undefined ? { environmentTarget } : {}),
    advertised,
    isUnicode,
    flags,
    showCommand,
  };
}

/** 2.4: the order of StringData is fixed; each is present when its flag is set. */
const STRING_FLAGS = {
  NAME_STRING: LinkFlags.HasName,
  RELATIVE_PATH: LinkFlags.HasRelativePath,
  WORKING_DIR: LinkFlags.HasWorkingDir,
  COMMAND_LINE_ARGUMENTS: LinkFlags.HasArguments,
  ICON_LOCATION: LinkFlags.HasIconLocation,
} as const;

/** 2.2: IDListSize, then ItemIDs (each ItemIDSize counts itself), then a 2-byte TerminalID. */
function skipIdList(r: Reader, at: number): number {
  const size = r.u16(at, 'the LinkTargetIDList size');
  const start = at + 2;
  const end = start + size;
  r.need(start, size, 'the LinkTargetIDList');
  let i = start;
  for (;;) {
    if (i + 2 > end) throw new LnkError('the LinkTargetIDList has no TerminalID');
    const item = r.b.readUInt16LE(i);
    if (item === 0) break;
    if (item < 2 || i + item > end)
      throw new LnkError(
        `an ItemID in the LinkTargetIDList has a bad size (${item} at offset ${i})`,
      );
    i += item;
  }
  if (i + 2 !== end)
    throw new LnkError(
      `IDListSize says ${size} bytes, but the TerminalID ends the list after ${i + 2 - start}`,
    );
  return end;
}

/** 2.3 LinkInfo: the target as a local path or as a path on a network share. */
function readLinkInfo(r: Reader, base: number, size: number): string | undefined {
  const end = base + size;
  const headerSize = r.u32(base + 4, 'LinkInfoHeaderSize');
  if (headerSize !== 0x1c && headerSize < 0x24)
    throw new LnkError(
      `LinkInfoHeaderSize is 0x${headerSize.toString(16)}, expected 0x1C or at least 0x24`,
    );
  if (headerSize > size)
    throw new LnkError('LinkInfoHeaderSize is larger than the LinkInfo itself');
  const linkInfoFlags = r.u32(base + 8, 'LinkInfoFlags');
  const localBasePathOffset = r.u32(base + 16, 'LocalBasePathOffset');
  const networkOffset = r.u32(base + 20, 'CommonNetworkRelativeLinkOffset');
  const suffixOffset = r.u32(base + 24, 'CommonPathSuffixOffset');
  const unicode = headerSize >= 0x24;
  const localUnicodeOffset = unicode ? r.u32(base + 28, 'LocalBasePathOffsetUnicode') : 0;
  const suffixUnicodeOffset = unicode ? r.u32(base + 32, 'CommonPathSuffixOffsetUnicode') : 0;
  const at = (offset: number) => base + offset;
  const suffix =
    suffixUnicodeOffset > 0
      ? cString(r, at(suffixUnicodeOffset), end, true, 'CommonPathSuffixUnicode')
      : cString(r, at(suffixOffset), end, false, 'CommonPathSuffix');
  if (linkInfoFlags & 0x1) {
    // VolumeIDAndLocalBasePath: the VolumeID is checked for sanity only (the path is what we use).
    const volumeOffset = r.u32(base + 12, 'VolumeIDOffset');
    const volumeSize = r.u32(at(volumeOffset), 'VolumeIDSize');
    if (volumeSize <= 0x10 || volumeOffset + volumeSize > size)
      throw new LnkError(`the VolumeID has a bad size (${volumeSize})`);
    const local =
      localUnicodeOffset > 0
        ? cString(r, at(localUnicodeOffset), end, true, 'LocalBasePathUnicode')
        : cString(r, at(localBasePathOffset), end, false, 'LocalBasePath');
    return local + suffix;
  }
  if (linkInfoFlags & 0x2) {
    const link = at(networkOffset);
    const linkSize = r.u32(link, 'CommonNetworkRelativeLinkSize');
    if (linkSize < 0x14 || networkOffset + linkSize > size)
      throw new LnkError(`the CommonNetworkRelativeLink has a bad size (${linkSize})`);
    const netNameOffset = r.u32(link + 8, 'NetNameOffset');
    const netNameUnicodeOffset =
      netNameOffset > 0x14 ? r.u32(link + 20, 'NetNameOffsetUnicode') : 0;
    const linkEnd = link + linkSize;
    const share =
      netNameUnicodeOffset > 0
        ? cString(r, link + netNameUnicodeOffset, linkEnd, true, 'NetNameUnicode')
        : cString(r, link + netNameOffset, linkEnd, false, 'NetName');
    return suffix === '' ? share : `${share.replace(/\\$/, '')}\\${suffix}`;
  }
  return undefined;
}

/** 2.5: blocks of BlockSize + BlockSignature until a TerminalBlock (BlockSize < 4). */
function readExtraData(r: Reader, start: number): { environment?: string; darwin: boolean } {
  let at = start;
  let environment: string | undefined;
  let darwin = false;
  // The TerminalBlock is required, but a file that ends cleanly between blocks loses nothing.
  while (at + 4 <= r.b.length) {
    const size = r.u32(at, 'an ExtraData BlockSize');
    if (size < 4) break;
    if (size < 8) throw new LnkError(`an ExtraData block has a bad size (${size} at offset ${at})`);
    r.need(at, size, 'an ExtraData block');
    const signature = r.u32(at + 4, 'an ExtraData BlockSignature');
    if (signature === ENVIRONMENT_BLOCK || signature === DARWIN_BLOCK) {
      const name =
        signature === ENVIRONMENT_BLOCK ? 'EnvironmentVariableDataBlock' : 'DarwinDataBlock';
      if (size !== 0x314) throw new LnkError(`the ${name} has size ${size}, expected 0x314`);
      const ansiText = cString(r, at + 8, at + 8 + 260, false, `${name} TargetAnsi`);
      let wide = '';
      try {
        wide = cString(r, at + 268, at + 268 + 520, true, `${name} TargetUnicode`);
      } catch {
        wide = ''; // TargetUnicode is optional in practice; TargetAnsi then holds the value.
      }
      if (signature === ENVIRONMENT_BLOCK) environment = wide || ansiText;
      else darwin = true;
    }
    at += size;
  }
  if (at < r.b.length && r.b.length - at < 4)
    throw new LnkError(`the file ends inside an ExtraData BlockSize (offset ${at})`);
  return { ...(environment ? { environment } : {}), darwin };
}
