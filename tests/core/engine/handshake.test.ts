import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  createMessageConnection,
  ResponseError,
  SocketMessageReader,
  SocketMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proof } from '../../../main/core/engine/challenge';
import { EngineClient, EngineClientError } from '../../../main/core/engine/client';
import { engineEndpoint, type EngineEndpoint } from '../../../main/core/engine/endpoint';
import {
  ENGINE_ERRORS,
  Methods,
  PROTOCOL_VERSION,
  type EngineInfo,
  type HelloResult,
} from '../../../main/core/engine/protocol';
import { readToken } from '../../../main/core/engine/token';
import {
  engineDirs,
  removeEngineDirs,
  startEngineProcess,
  until,
  writeConfig,
  type EngineProcess,
} from '../../helpers/engine-process';

/**
 * Issue 17: the engine's token challenge, against a real `tunnelkeeper engine run` child
 * process, with raw JSON-RPC clients that do what the real client would not (a wrong proof, an
 * old protocol), and an impostor listening where the client expects the engine.
 */

interface Raw {
  rpc: MessageConnection;
  socket: net.Socket;
  closed: Promise<number>;
}

async function openRaw(address: string): Promise<Raw> {
  const socket = net.connect(address);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  const opened = Date.now();
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => resolve(Date.now() - opened)),
  );
  const rpc = createMessageConnection(
    new SocketMessageReader(socket),
    new SocketMessageWriter(socket),
  );
  rpc.listen();
  return { rpc, socket, closed };
}

/** The rejection of a request, as the ResponseError the engine sent. */
async function refusal(request: Promise<unknown>): Promise<ResponseError<unknown>> {
  const outcome = await request.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(ResponseError);
  return outcome.error as ResponseError<unknown>;
}

const nonce = () => randomBytes(32).toString('hex');

describe('the engine token challenge (issue 17)', () => {
  let engine: EngineProcess;
  let endpoint: EngineEndpoint;
  let token: string;

  beforeAll(async () => {
    const dirs = engineDirs('tk-engine-hs-');
    writeConfig(dirs.config, []);
    engine = await startEngineProcess(dirs);
    endpoint = engineEndpoint(dirs.dataDir);
    token = await readToken(endpoint);
  });
  afterAll(async () => {
    await engine?.kill();
    removeEngineDirs();
  });

  it('a client with the right token is let in: the engine proves it holds the token too', async () => {
    const raw = await openRaw(endpoint.address);
    try {
      const clientNonce = nonce();
      const hello = (await raw.rpc.sendRequest(Methods.hello, {
        protocol: PROTOCOL_VERSION,
        clientNonce,
        client: 'test',
      })) as HelloResult;
      expect(hello.protocol).toBe(PROTOCOL_VERSION);
      expect(hello.serverProof).toBe(proof(token, 'engine', clientNonce));
      // Nothing but the challenge before authenticating.
      const early = await refusal(raw.rpc.sendRequest(Methods.list, null));
      expect(early.code).toBe(ENGINE_ERRORS.notAuthenticated);
      const info = (await raw.rpc.sendRequest(Methods.authenticate, {
        proof: proof(token, 'client', hello.serverNonce),
      })) as EngineInfo;
      expect(info.pid).toBe(engine.pid);
      expect(await raw.rpc.sendRequest(Methods.list, null)).toEqual([]);
    } finally {
      raw.rpc.dispose();
      raw.socket.destroy();
    }
  });

  it("a wrong proof is refused with 'refused: wrong engine token' and the connection is closed", async () => {
    const raw = await openRaw(endpoint.address);
    const hello = (await raw.rpc.sendRequest(Methods.hello, {
      protocol: PROTOCOL_VERSION,
      clientNonce: nonce(),
      client: 'test',
    })) as HelloResult;
    const wrongToken = randomBytes(32).toString('hex');
    const refused = await refusal(
      raw.rpc.sendRequest(Methods.authenticate, {
        proof: proof(wrongToken, 'client', hello.serverNonce),
      }),
    );
    expect(refused.code).toBe(ENGINE_ERRORS.badToken);
    expect(refused.message).toBe('refused: wrong engine token');
    const closedMs = await Promise.race([
      raw.closed,
      new Promise<number>((resolve) => setTimeout(() => resolve(-1), 3_000)),
    ]);
    console.log(`[engine] connection closed ${closedMs} ms after it opened (wrong token)`);
    expect(closedMs).toBeGreaterThanOrEqual(0);
    raw.rpc.dispose();
  });

  it("the engine's own proof sent back (a replay), the token itself, or no hello first are refused too", async () => {
    const attempts: ((raw: Raw) => Promise<unknown>)[] = [
      async (raw) => {
        const clientNonce = nonce();
        const hello = (await raw.rpc.sendRequest(Methods.hello, {
          protocol: PROTOCOL_VERSION,
          clientNonce,
          client: 'test',
        })) as HelloResult;
        // A relay that reflects the engine's challenge back at it learns nothing usable.
        return raw.rpc.sendRequest(Methods.authenticate, {
          proof: proof(token, 'engine', hello.serverNonce),
        });
      },
      async (raw) => {
        await raw.rpc.sendRequest(Methods.hello, {
          protocol: PROTOCOL_VERSION,
          clientNonce: nonce(),
          client: 'test',
        });
        return raw.rpc.sendRequest(Methods.authenticate, { proof: token });
      },
      (raw) =>
        raw.rpc.sendRequest(Methods.authenticate, { proof: proof(token, 'client', nonce()) }),
    ];
    for (const attempt of attempts) {
      const raw = await openRaw(endpoint.address);
      const refused = await refusal(attempt(raw));
      expect(refused.message).toBe('refused: wrong engine token');
      expect(
        await until(() => raw.socket.destroyed || raw.socket.readableEnded, 3_000),
      ).toBeGreaterThanOrEqual(0);
      raw.rpc.dispose();
      raw.socket.destroy();
    }
    // After all that, the real client still gets in.
    const client = await EngineClient.connect({ endpoint });
    try {
      expect((await client.engineInfo()).pid).toBe(engine.pid);
    } finally {
      client.close();
    }
  });

  it('a client speaking protocol 0 is told to update the app', async () => {
    const error = await EngineClient.connect({ endpoint, protocol: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineClientError);
    expect((error as EngineClientError).code).toBe('outdated');
    expect((error as EngineClientError).message).toContain('update the app');

    const raw = await openRaw(endpoint.address);
    try {
      const refused = await refusal(
        raw.rpc.sendRequest(Methods.hello, { protocol: 0, clientNonce: nonce(), client: 'old' }),
      );
      expect(refused.code).toBe(ENGINE_ERRORS.outdatedClient);
      expect(refused.message).toContain('update the app');
    } finally {
      raw.rpc.dispose();
      raw.socket.destroy();
    }
  });
});

describe('an impostor on the endpoint (issue 17)', () => {
  /** A plain server on a socket path that speaks the protocol but does not hold the token. */
  async function startImpostor(
    answer: (clientNonce: string) => Partial<HelloResult>,
    tokenFile: string | null,
  ) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-impostor-'));
    const fake: EngineEndpoint = {
      dir,
      address: path.join(dir, 'engine.sock'),
      tokenFile: path.join(dir, 'token'),
      infoFile: path.join(dir, 'engine.json'),
    };
    if (tokenFile !== null) writeFileSync(fake.tokenFile, `${tokenFile}\n`, { mode: 0o600 });
    const calls: { method: string; params: unknown }[] = [];
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      const rpc = createMessageConnection(
        new SocketMessageReader(socket),
        new SocketMessageWriter(socket),
      );
      rpc.onRequest((method, params) => {
        calls.push({ method, params });
        if (method === Methods.hello)
          return {
            protocol: PROTOCOL_VERSION,
            serverNonce: nonce(),
            ...answer(String((params as { clientNonce?: unknown })?.clientNonce)),
          };
        return { pid: 1, since: '', config: null, version: 'x', endpoint: '', protocol: 1 };
      });
      rpc.listen();
    });
    await new Promise<void>((resolve) => server.listen(fake.address, resolve));
    return {
      endpoint: fake,
      calls,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => {
            rmSync(dir, { recursive: true, force: true });
            resolve();
          });
        }),
    };
  }

  async function connectError(endpoint: EngineEndpoint): Promise<EngineClientError> {
    const error = await EngineClient.connect({ endpoint, timeoutMs: 3_000 }).then(
      (client) => {
        client.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineClientError);
    return error as EngineClientError;
  }

  it("answering hello with a wrong serverProof: connect rejects with 'impostor' and never sends a proof", async () => {
    const token = randomBytes(32).toString('hex');
    const impostor = await startImpostor(
      (clientNonce) => ({
        serverProof: proof(randomBytes(32).toString('hex'), 'engine', clientNonce),
      }),
      token,
    );
    try {
      const error = await connectError(impostor.endpoint);
      expect(error.code).toBe('impostor');
      expect(error.message).toContain(impostor.endpoint.address);
      // It learnt nothing: one hello (a random nonce), no authenticate, never the token.
      expect(impostor.calls.map((c) => c.method)).toEqual([Methods.hello]);
      expect(JSON.stringify(impostor.calls)).not.toContain(token);
    } finally {
      await impostor.close();
    }
  });

  it("a server that echoes garbage, or one where no token file exists, is an 'impostor' too", async () => {
    const garbage = await startImpostor(() => ({ serverProof: 'x'.repeat(64) }), 'a'.repeat(64));
    try {
      expect((await connectError(garbage.endpoint)).code).toBe('impostor');
    } finally {
      await garbage.close();
    }
    const noToken = await startImpostor(() => ({ serverProof: '' }), null);
    try {
      expect((await connectError(noToken.endpoint)).code).toBe('impostor');
      expect(noToken.calls).toEqual([]);
    } finally {
      await noToken.close();
    }
  });
});
