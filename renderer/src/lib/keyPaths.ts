export type OutputFormat = 'openssh' | 'ppk3' | 'ppk2' | 'pem';

const EXTENSION: Record<OutputFormat, string> = {
  openssh: '',
  ppk3: '.ppk',
  ppk2: '.ppk',
  pem: '.pem',
};

function split(path: string): { dir: string; base: string; sep: string } {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const sep = path.includes('\\') ? '\\' : '/';
  return { dir: path.slice(0, cut + 1), base: path.slice(cut + 1), sep };
}

/**
 * Where a converted key goes by default: next to the source, named for its format
 * (`id_rsa.ppk` → `id_rsa` for OpenSSH), never the source itself.
 */
export function defaultOutputPath(source: string, format: OutputFormat): string {
  if (!source) return '';
  const { dir, base } = split(source);
  const stem = base.replace(/\.(ppk|pem|key|txt)$/i, '') || 'key';
  let candidate = `${dir}${stem}${EXTENSION[format]}`;
  if (candidate === source) candidate = `${dir}${stem}-${format}${EXTENSION[format]}`;
  return candidate;
}

/** Where a new key goes by default, in the same folder as the config would suggest. */
export function defaultGeneratePath(folder: string, type: string, format: OutputFormat): string {
  const sep = folder.includes('\\') ? '\\' : '/';
  const trimmed = folder.replace(/[\\/]+$/, '');
  return `${trimmed}${sep}id_${type.replace(/-.*/, '')}${EXTENSION[format]}`;
}

export function isAbsolutePath(path: string): boolean {
  return /^([A-Za-z]:[\\/]|\\\\|\/)/.test(path);
}

/** `ssh-ed25519 AAAA… comment` → `ssh-ed25519 AAAA…`: what must match between two pastes. */
export function keyIdentity(line: string): string {
  return line.trim().split(/\s+/).slice(0, 2).join(' ');
}
