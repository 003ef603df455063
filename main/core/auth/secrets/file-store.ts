/**
 * Headless secrets: a JSON map ref → secret in a user-only file (0600, written atomically).
 * Like OpenSSH with private keys, we refuse a file other users can read: the secret may
 * already have leaked, and the admin must know. Plain text on disk is the honest trade-off for
 * unattended runs; the app uses the OS's encryption (safeStorage) instead.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { defaultDataDir } from '../../logging/paths';
import { writeFileAtomic } from '../../fs/write-atomic';
import { checkRef, envRefName, SecretError, type SecretStore } from './store';

/** Always user-only, even if the file was loosened meanwhile; the folder may not exist yet. */
const SECRETS_WRITE = { mode: 0o600, mkdir: true } as const;

interface SecretsDocument {
  version: 1;
  secrets: Record<string, string>;
}

export function defaultSecretsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultDataDir(env), 'secrets.json');
}

export class FileSecretStore implements SecretStore {
  constructor(readonly file: string = defaultSecretsFile()) {}

  private async load(): Promise<SecretsDocument> {
    let text: string;
    try {
      if (process.platform !== 'win32') {
        const st = await stat(this.file);
        if ((st.mode & 0o077) !== 0)
          throw new SecretError(
            'secret-unprotected',
            `${this.file} can be read by other users (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 on it`,
          );
      }
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw error;
    }
    const doc = JSON.parse(text) as Partial<SecretsDocument>;
    return { version: 1, secrets: { ...(doc.secrets ?? {}) } };
  }

  async get(ref: string): Promise<string | undefined> {
    checkRef(ref);
    return (await this.load()).secrets[ref];
  }

  async set(ref: string, secret: string): Promise<void> {
    checkRef(ref);
    if (envRefName(ref))
      throw new SecretError(
        'secret-read-only',
        'env: references are set in the environment, not stored',
      );
    const doc = await this.load();
    doc.secrets[ref] = secret;
    await writeFileAtomic(this.file, `${JSON.stringify(doc, null, 2)}\n`, SECRETS_WRITE);
  }

  async delete(ref: string): Promise<void> {
    const doc = await this.load();
    if (!(ref in doc.secrets)) return;
    delete doc.secrets[ref];
    await writeFileAtomic(this.file, `${JSON.stringify(doc, null, 2)}\n`, SECRETS_WRITE);
  }

  async refs(): Promise<string[]> {
    return Object.keys((await this.load()).secrets);
  }
}
