import { describe, expect, it } from 'vitest';
import { KeyError } from '../../../main/core/keys/errors';
import { classifyError } from '../../../main/core/tunnels/classify';

const err = (message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), extra);
const before = { tcpConnected: true, handshakeDone: false, ready: false };
const up = { tcpConnected: true, handshakeDone: true, ready: true };

describe('error → cause (one place)', () => {
  it.each([
    [
      err('getaddrinfo ENOTFOUND nowhere', { code: 'ENOTFOUND', level: 'client-socket' }),
      undefined,
      'dns-not-found',
    ],
    [err('connect ECONNREFUSED', { code: 'ECONNREFUSED' }), undefined, 'tcp-refused'],
    [err('connect ETIMEDOUT', { code: 'ETIMEDOUT' }), undefined, 'tcp-timeout'],
    [err('read ECONNRESET', { code: 'ECONNRESET' }), before, 'tcp-reset'],
    [err('read ECONNRESET', { code: 'ECONNRESET' }), up, 'connection-lost'],
    [
      err('Timed out while waiting for handshake', { level: 'client-timeout' }),
      { ...before, tcpConnected: false },
      'tcp-timeout',
    ],
    [err('Connection lost before handshake', { level: 'protocol' }), before, 'tcp-reset'],
    [err('Invalid identification string', { level: 'protocol' }), before, 'not-ssh'],
    [
      err('Handshake failed: no matching key exchange algorithm', { level: 'handshake' }),
      before,
      'kex-mismatch',
    ],
    [
      err('Host denied (verification failed)'),
      { ...before, hostKeyVerdict: 'mismatch' as const },
      'hostkey-mismatch',
    ],
    [
      err('Host denied (verification failed)'),
      { ...before, hostKeyVerdict: 'unknown' as const },
      'hostkey-unknown',
    ],
    [
      err('All configured authentication methods failed', { level: 'client-authentication' }),
      before,
      'auth-rejected',
    ],
    [err('Keepalive timeout', { level: 'client-timeout' }), up, 'keepalive-timeout'],
    [err('Unable to bind to 127.0.0.1:1055'), up, 'forward-refused'],
    [
      err('listen EADDRINUSE: address already in use', { code: 'EADDRINUSE' }),
      up,
      'local-port-in-use',
    ],
    [
      err('(SSH) Channel open failure: Connection refused', { reason: 2 }),
      up,
      'target-unreachable',
    ],
    [new KeyError('wrong-passphrase', 'wrong passphrase'), undefined, 'key-locked'],
    [new KeyError('key-unreadable', 'missing'), undefined, 'key-unreadable'],
    [err('something odd'), before, 'unknown'],
  ])('%s', (error, phase, cause) => {
    expect(classifyError(error, phase).cause).toBe(cause);
  });

  it('keeps the raw text of unknown errors in detail', () => {
    expect(classifyError(err('weird thing 42')).detail).toContain('weird thing 42');
  });
});
