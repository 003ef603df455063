/**
 * Password and keyboard-interactive logins from stored secrets against an in-process ssh2 Server
 * (OpenSSH password auth would need real system accounts), and the promise that secrets never
 * reach config, logs or any other written file.
 */
import {
  appendFileSync,
  chmodSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Client, Server, type AuthContext } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretStore as AppSecretStore } from '../../../../main/app/secret-store';
import { FileSecretStore } from '../../../../main/core/auth/secrets/file-store';
import { passwordAuth } from '../../../../main/core/auth/secrets/password-auth';
import { redactingLogger } from '../../../../main/core/auth/secrets/redact';
import { createSecretResolver, type SecretStore } from '../../../../main/core/auth/secrets/store';
import { tempDir } from '../../../helpers/keytools';
import { testHostKey } from '../../../helpers/host-key';

const SECRET = 'Tr0ub4dor&3-unique-7f3a';

describe('secrets and password logins', () => {
  let server: Server;
  let port: number;
  const seen: { method: string; answers?: string[] }[] = [];

  beforeAll(async () => {
    const hostKey = await testHostKey();
    server = new Server({ hostKeys: [hostKey] }, (client) => {
      client.on('authentication', (ctx: AuthContext) => {
        if (ctx.username === 'pw' && ctx.method === 'password') {
          seen.push({ method: 'password' });
          return ctx.password === SECRET ? ctx.accept() : ctx.reject(['password']);
        }
        if (ctx.username === 'kbd' && ctx.method === 'keyboard-interactive') {
          ctx.prompt([{ prompt: 'Password: ', echo: false }], 'PAM', (answers) => {
            seen.push({ method: 'keyboard-interactive', answers });
            if (answers[0] === SECRET) ctx.accept();
            else ctx.reject(['keyboard-interactive']);
          });
          return;
        }
        ctx.reject(ctx.username === 'pw' ? ['password'] : ['keyboard-interactive']);
      });
      client.on('ready', () => client.end());
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function login(
    username: string,
    password: string,
    log?: (line: string) => void,
  ): Promise<string> {
    return new Promise((resolve) => {
      const auth = passwordAuth(password);
      const client = new Client();
      client.on('keyboard-interactive', auth.onKeyboardInteractive);
      client.on('ready', () => {
        client.end();
        resolve('ready');
      });
      client.on('error', (e) => resolve(e.message));
      client.connect({
        host: '127.0.0.1',
        port,
        username,
        ...auth.config,
        readyTimeout: 10_000,
        hostVerifier: () => true,
        debug: log,
      });
    });
  }

  it('password and keyboard-interactive both log in from the store; wrong password answers once', async () => {
    const dir = tempDir('tk-sec-');
    const store = new FileSecretStore(path.join(dir, 'secrets.json'));
    await store.set('db-jump', SECRET);
    const resolve = createSecretResolver(store, {});
    const password = (await resolve('db-jump'))!;
    expect(await login('pw', password)).toBe('ready');
    expect(await login('kbd', password)).toBe('ready');
    seen.length = 0;
    expect(await login('kbd', 'wrong')).toMatch(/authentication methods failed/);
    expect(
      seen.filter((s) => s.method === 'keyboard-interactive' && s.answers?.[0] === 'wrong'),
    ).toHaveLength(1);
  });

  it('env:NAME references read the environment; the store is never consulted', async () => {
    const store: SecretStore = {
      get: () => 'from-store',
      set: () => undefined,
      delete: () => undefined,
    };
    const resolve = createSecretResolver(store, { TK_PW: SECRET });
    expect(await resolve('env:TK_PW')).toBe(SECRET);
    expect(await resolve('env:MISSING')).toBeUndefined();
    expect(await resolve('plain')).toBe('from-store');
    await expect(resolve('env:bad name')).rejects.toMatchObject({ code: 'secret-invalid-ref' });
  });

  it('the app’s safeStorage store satisfies the core interface', () => {
    const app: AppSecretStore = { get: () => 'x', set: () => undefined, delete: () => undefined };
    const core: SecretStore = app;
    expect(core.get('a')).toBe('x');
  });

  it('secrets never appear in config, logs or other written files; an unprotected file is refused', async () => {
    const dir = tempDir('tk-sec2-');
    const store = new FileSecretStore(path.join(dir, 'secrets.json'));
    await store.set('jump', SECRET);
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ profiles: [{ id: 'p', name: 'p', auth: { passwordRef: 'jump' } }] }),
    );
    const logFile = path.join(dir, 'tunnel.log');
    const log = redactingLogger((line) => appendFileSync(logFile, `${line}\n`), [SECRET]);
    const password = (await createSecretResolver(store)('jump'))!;
    log(`connecting with password ${password}`); // a careless caller
    expect(await login('pw', password, log)).toBe('ready');
    expect(readFileSync(logFile, 'utf8')).toContain('[redacted]');
    for (const name of readdirSync(dir)) {
      if (name === 'secrets.json') continue;
      expect(readFileSync(path.join(dir, name), 'utf8'), name).not.toContain(SECRET);
    }
    chmodSync(store.file, 0o644);
    await expect(store.get('jump')).rejects.toMatchObject({ code: 'secret-unprotected' });
  });
});
