import os from 'node:os';
import { localUserName } from './finalize';
import { applyKeyword, type KeywordContext } from './ssh-keywords';
import {
  ImportError,
  newDraft,
  type Draft,
  type ImportOptions,
  type ImportWarning,
  type JumpDraft,
} from './types';
import { checkVariables } from './variables';

/**
 * An OpenSSH client config → one draft per Host block that names a concrete host. Each host is
 * evaluated the way ssh evaluates it: every block whose patterns match contributes, in file
 * order, and the first value of a keyword wins (forwards add up), so `Host *` works as defaults.
 */
interface Entry {
  keyword: string;
  value: string;
  line: number;
}
interface Block {
  patterns: string[];
  line: number;
  entries: Entry[];
  name?: string;
  match?: boolean;
}

const NAME_COMMENT = /^\s*#\s*Tunnelkeeper profile:\s*(.+?)\s*$/i;

function unquote(value: string): string {
  return value.replace(/"([^"]*)"/g, '$1');
}

function parseBlocks(text: string, warnings: ImportWarning[]): Block[] {
  const blocks: Block[] = [{ patterns: ['*'], line: 0, entries: [] }];
  let pendingName: string | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const name = NAME_COMMENT.exec(raw);
    if (name) pendingName = name[1];
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+)(.*)$/.exec(trimmed);
    if (!m) {
      warnings.push({
        code: 'malformed-line',
        message: `line ${line} is not "Keyword value"; it was skipped`,
        line,
      });
      return;
    }
    const keyword = (m[1] as string).toLowerCase();
    const value = unquote((m[2] as string).trim());
    if (keyword === 'host') {
      blocks.push({
        patterns: value.split(/\s+/),
        line,
        entries: [],
        ...(pendingName ? { name: pendingName } : {}),
      });
      pendingName = undefined;
    } else if (keyword === 'match') {
      const all = value.trim().toLowerCase() === 'all';
      if (!all)
        warnings.push({
          code: 'match-not-evaluated',
          message: `line ${line}: "Match ${value}" is not evaluated; its settings were not applied`,
          line,
        });
      blocks.push({ patterns: all ? ['*'] : [], line, entries: [], match: !all });
    } else if (keyword === 'include') {
      warnings.push({
        code: 'include-not-followed',
        message: `line ${line}: "Include ${value}" is not followed; import that file separately`,
        line,
      });
    } else blocks[blocks.length - 1]?.entries.push({ keyword: m[1] as string, value, line });
  });
  return blocks;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function matches(block: Block, alias: string): boolean {
  if (block.match) return false;
  let hit = false;
  for (const p of block.patterns) {
    const negated = p.startsWith('!');
    if (globToRegExp(negated ? p.slice(1) : p).test(alias)) {
      if (negated) return false;
      hit = true;
    }
  }
  return hit;
}

/**
 * A ProxyJump names a host as ssh would look it up: its own Host blocks give the real name, user,
 * port and key, unless the jump spec itself says them (as ssh does for the jump connection).
 */
function resolveJump(
  blocks: Block[],
  hop: JumpDraft,
  expandPath: (p: string) => string,
): JumpDraft {
  const scratch = newDraft();
  const ctx: KeywordContext = { seen: new Set(), where: (k) => k, expandPath };
  for (const b of blocks) {
    if (!matches(b, hop.host)) continue;
    for (const e of b.entries)
      if (/^(hostname|user|port|identityfile)$/i.test(e.keyword))
        applyKeyword(scratch, e.keyword, e.value.replace(/%h/g, hop.host), ctx);
  }
  const port = hop.port ?? scratch.port;
  const user = hop.user ?? scratch.user;
  const keyFile = hop.keyFile ?? scratch.keyFile;
  return {
    host: scratch.host ?? hop.host,
    ...(port ? { port } : {}),
    ...(user ? { user } : {}),
    ...(keyFile ? { keyFile } : {}),
  };
}

const concrete = (p: string) => !p.startsWith('!') && !/[*?]/.test(p);

export function readSshConfig(
  text: string,
  options: ImportOptions = {},
): { drafts: Draft[]; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  const blocks = parseBlocks(text, warnings);
  const home = options.homeDir ?? os.homedir();
  const drafts: Draft[] = [];
  const done = new Set<string>();
  for (const block of blocks.slice(1)) {
    const alias = block.patterns.find(concrete);
    if (!alias || done.has(alias.toLowerCase())) continue;
    done.add(alias.toLowerCase());
    const draft = newDraft(block.line);
    draft.name = block.name ?? alias;
    const expandPath = (p: string): string => {
      const out = p
        .replace(/^~(?=$|[\\/])/, home)
        .replace(/%([%dunh])/g, (_, t: string) =>
          t === '%' ? '%' : t === 'd' ? home : t === 'u' ? localUserName(options) : alias,
        );
      checkVariables(draft, 'a path', out.replace(/%%/g, ''));
      return out;
    };
    let currentLine = block.line;
    const ctx: KeywordContext = {
      seen: new Set(),
      where: (k) => `${k} (line ${currentLine})`,
      expandPath,
    };
    for (const b of blocks) {
      if (!matches(b, alias)) continue;
      for (const e of b.entries) {
        currentLine = e.line;
        const value =
          e.keyword.toLowerCase() === 'hostname' ? e.value.replace(/%h/g, alias) : e.value;
        applyKeyword(draft, e.keyword, value, ctx);
      }
    }
    draft.host ??= alias;
    if (draft.jumps) draft.jumps = draft.jumps.map((hop) => resolveJump(blocks, hop, expandPath));
    drafts.push(draft);
  }
  if (drafts.length === 0)
    throw new ImportError(
      'no Host block names a concrete host (wildcard patterns such as "Host *" are defaults, not connections)',
      'no-hosts',
      warnings,
    );
  return { drafts, warnings };
}
