/**
 * Builds Windows shell links (.lnk) byte by byte, per [MS-SHLLINK]
 * (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-shllink/), for fixtures and
 * for malformed variants in tests. What Explorer writes for a shortcut to a file on C: is what
 * this writes: a ShellLinkHeader, a LinkTargetIDList (My Computer → C:\ → each folder → the
 * file, as shell items with their 0xBEEF0004 extension blocks), a LinkInfo (VolumeID and
 * LocalBasePath, optionally with the Unicode variants), StringData and a TerminalBlock.
 * Checked against liblnk's `lnkinfo` (Debian package liblnk-utils, 20181227) when the fixtures
 * were made: it reads every structure back (times, paths, the five shell items with their long
 * names, the strings). That version prints the header's FileSize as its "Show Window value";
 * the ShowCommand field itself is at offset 60 as MS-SHLLINK 2.1 says.
 */
export interface LnkSpec {
  /** `C:\Program Files\PuTTY\plink.exe`, or `\\server\share\dir\file.exe` for a network target. */
  target: string;
  arguments?: string;
  workingDir?: string;
  name?: string;
  relativePath?: string;
  iconLocation?: string;
  /** StringData in UTF-16LE (default) or in the ANSI code page. */
  unicode?: boolean;
  /** Include the LinkTargetIDList (default true for local targets). */
  idList?: boolean;
  /** The LinkInfo: ANSI only (0x1C header), with Unicode offsets (0x24), or none. */
  linkInfo?: 'ansi' | 'unicode' | 'none';
  /** An EnvironmentVariableDataBlock target (`%ProgramFiles%\…`), with HasExpString. */
  environmentTarget?: string;
  /** 1 normal, 3 maximized, 7 minimized. */
  showCommand?: number;
}

const LINK_CLSID = Buffer.from('0114020000000000c000000000000046', 'hex');
/** {20D04FE0-3AEA-1069-A2D8-08002B30309D}: My Computer, as a GUID in memory order. */
const MY_COMPUTER = Buffer.from('e04fd020ea3a6910a2d808002b30309d', 'hex');
/** 2024-03-11 09:14:27 UTC as a FILETIME: fixed so that fixtures are reproducible. */
const FILETIME = 133546220670000000n;
/** The same moment as an MS-DOS date and time (local = UTC here). */
const FAT_DATE = ((2024 - 1980) << 9) | (3 << 5) | 11;
const FAT_TIME = (9 << 11) | (14 << 5) | (27 >> 1);

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
/** The ANSI code page has no place for most characters: Windows writes "?" for them. */
const ansi = (s: string) =>
  Buffer.from([...s].map((c) => (c.charCodeAt(0) > 0xff ? '?' : c)).join(''), 'latin1');
const ansiz = (s: string) => Buffer.concat([ansi(s), Buffer.from([0])]);
const widez = (s: string) => Buffer.concat([Buffer.from(s, 'utf16le'), Buffer.from([0, 0])]);

function header(flags: number, showCommand: number): Buffer {
  const b = Buffer.alloc(0x4c);
  b.writeUInt32LE(0x4c, 0);
  LINK_CLSID.copy(b, 4);
  b.writeUInt32LE(flags, 20);
  b.writeUInt32LE(0x20, 24); // FILE_ATTRIBUTE_ARCHIVE
  b.writeBigUInt64LE(FILETIME, 28);
  b.writeBigUInt64LE(FILETIME, 36);
  b.writeBigUInt64LE(FILETIME, 44);
  b.writeUInt32LE(1_145_344, 52); // FileSize
  b.writeInt32LE(0, 56); // IconIndex
  b.writeUInt32LE(showCommand, 60);
  return b; // HotKey and the reserved fields stay zero
}

/** A file-entry shell item (0x31 folder, 0x32 file) with a version-3 0xBEEF0004 block. */
function fileEntry(name: string, folder: boolean): Buffer {
  const short = ansiz(
    name.length <= 12 && !name.includes(' ') ? name.toUpperCase() : shortName(name),
  );
  const primary = short.length % 2 ? Buffer.concat([short, Buffer.from([0])]) : short;
  const fixed = Buffer.concat([
    Buffer.from([folder ? 0x31 : 0x32, 0]),
    u32(folder ? 0 : 1_145_344),
    u16(FAT_DATE),
    u16(FAT_TIME),
    u16(folder ? 0x10 : 0x20),
    primary,
  ]);
  const extensionOffset = 2 + fixed.length;
  const longName = widez(name);
  const extensionBody = Buffer.concat([
    u16(3), // version
    u32(0xbeef0004),
    u16(FAT_DATE),
    u16(FAT_TIME), // creation
    u16(FAT_DATE),
    u16(FAT_TIME), // last access
    u16(0x14), // Windows XP identifier
    u16(0), // localized name size
    longName,
    u16(extensionOffset),
  ]);
  const extension = Buffer.concat([u16(2 + extensionBody.length), extensionBody]);
  const body = Buffer.concat([fixed, extension]);
  return Buffer.concat([u16(2 + body.length), body]);
}

function shortName(name: string): string {
  const dot = name.lastIndexOf('.');
  const stem = (dot > 0 ? name.slice(0, dot) : name).replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const ext = dot > 0 ? name.slice(dot + 1, dot + 4).toUpperCase() : '';
  return `${stem.slice(0, 6)}~1${ext ? `.${ext}` : ''}`;
}

function idList(target: string): Buffer {
  const [drive, ...parts] = target.split('\\');
  const root = Buffer.concat([u16(0x14), Buffer.from([0x1f, 0x50]), MY_COMPUTER]);
  const volume = Buffer.alloc(0x19);
  volume.writeUInt16LE(0x19, 0);
  volume[2] = 0x2f;
  ansi(`${drive}\\`).copy(volume, 3);
  const items = parts.map((p, i) => fileEntry(p, i < parts.length - 1));
  const list = Buffer.concat([root, volume, ...items, u16(0)]);
  return Buffer.concat([u16(list.length), list]);
}

function volumeId(): Buffer {
  // VolumeIDSize, DriveType 3 (DRIVE_FIXED), DriveSerialNumber, VolumeLabelOffset 0x10, "".
  return Buffer.concat([u32(0x11), u32(3), u32(0x1e6c2a3b), u32(0x10), Buffer.from([0])]);
}

function localLinkInfo(target: string, unicode: boolean): Buffer {
  const headerSize = unicode ? 0x24 : 0x1c;
  const volume = volumeId();
  const base = ansiz(target);
  const suffix = ansiz('');
  const volumeOffset = headerSize;
  const baseOffset = volumeOffset + volume.length;
  const suffixOffset = baseOffset + base.length;
  let tail = Buffer.concat([volume, base, suffix]);
  const extra: Buffer[] = [];
  if (unicode) {
    const baseW = widez(target);
    const suffixW = widez('');
    const baseWOffset = headerSize + tail.length;
    extra.push(u32(baseWOffset), u32(baseWOffset + baseW.length));
    tail = Buffer.concat([tail, baseW, suffixW]);
  }
  const size = headerSize + tail.length;
  return Buffer.concat([
    u32(size),
    u32(headerSize),
    u32(1), // VolumeIDAndLocalBasePath
    u32(volumeOffset),
    u32(baseOffset),
    u32(0), // CommonNetworkRelativeLinkOffset
    u32(suffixOffset),
    ...extra,
    tail,
  ]);
}

function networkLinkInfo(target: string): Buffer {
  const m = /^(\\\\[^\\]+\\[^\\]+)\\(.*)$/.exec(target);
  if (!m) throw new Error(`not a UNC path: ${target}`);
  const netName = ansiz(m[1] as string);
  // CommonNetworkRelativeLinkSize, Flags 0, NetNameOffset 0x14, DeviceNameOffset 0, provider 0.
  const cnrlBody = Buffer.concat([u32(0), u32(0x14), u32(0), u32(0), netName]);
  const cnrl = Buffer.concat([u32(4 + cnrlBody.length), cnrlBody]);
  const suffix = ansiz(m[2] as string);
  const headerSize = 0x1c;
  const size = headerSize + cnrl.length + suffix.length;
  return Buffer.concat([
    u32(size),
    u32(headerSize),
    u32(2), // CommonNetworkRelativeLinkAndPathSuffix
    u32(0),
    u32(0),
    u32(headerSize),
    u32(headerSize + cnrl.length),
    cnrl,
    suffix,
  ]);
}

function stringData(text: string, unicode: boolean): Buffer {
  const chars = unicode ? Buffer.from(text, 'utf16le') : ansi(text);
  return Buffer.concat([u16(text.length), chars]);
}

function environmentBlock(target: string): Buffer {
  const b = Buffer.alloc(0x314);
  b.writeUInt32LE(0x314, 0);
  b.writeUInt32LE(0xa0000001, 4);
  ansi(target).copy(b, 8);
  b.write(target, 268, 'utf16le');
  return b;
}

export function buildLnk(spec: LnkSpec): Buffer {
  const unicode = spec.unicode ?? true;
  const network = spec.target.startsWith('\\\\');
  const withIdList = spec.idList ?? !network;
  const linkInfo = spec.linkInfo ?? 'ansi';
  let flags = 0;
  if (withIdList) flags |= 0x1;
  if (linkInfo !== 'none') flags |= 0x2;
  if (spec.name !== undefined) flags |= 0x4;
  if (spec.relativePath !== undefined) flags |= 0x8;
  if (spec.workingDir !== undefined) flags |= 0x10;
  if (spec.arguments !== undefined) flags |= 0x20;
  if (spec.iconLocation !== undefined) flags |= 0x40;
  if (unicode) flags |= 0x80;
  if (spec.environmentTarget !== undefined) flags |= 0x200;
  const parts = [header(flags, spec.showCommand ?? 1)];
  if (withIdList) parts.push(idList(spec.target));
  if (linkInfo !== 'none')
    parts.push(
      network ? networkLinkInfo(spec.target) : localLinkInfo(spec.target, linkInfo === 'unicode'),
    );
  for (const s of [
    spec.name,
    spec.relativePath,
    spec.workingDir,
    spec.arguments,
    spec.iconLocation,
  ])
    if (s !== undefined) parts.push(stringData(s, unicode));
  if (spec.environmentTarget !== undefined) parts.push(environmentBlock(spec.environmentTarget));
  parts.push(u32(0)); // TerminalBlock
  return Buffer.concat(parts);
}
