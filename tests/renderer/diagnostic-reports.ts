import type { DiagnosticMessage, DiagnosticMessageParam, DiagnosticReport } from '../../contract';
import { VERBATIM_PARAMS } from '../../renderer/src/components/troubleshoot/verbatim';
import diagEn from '../../renderer/src/locales/diag.en.json';

type MessageKey = keyof typeof diagEn;
type Message = DiagnosticMessage;
type MessageParam = DiagnosticMessageParam;
type CheckId = 'dns' | 'tcp' | 'banner' | 'kex' | 'hostkey' | 'auth' | 'forwards' | 'targets';
type CheckStatus = DiagnosticReport['steps'][number]['status'];

const m = (key: MessageKey, params?: Message['params']): Message =>
  params ? { key, params } : { key };

/** English as main words it (`detail`): the catalogue's copy, nested messages and lists filled. */
function english(message: Message): string {
  const text = (value: MessageParam): string =>
    Array.isArray(value)
      ? value.map(english).join(diagEn['list.separator'])
      : typeof value === 'object'
        ? english(value)
        : String(value);
  return (diagEn[message.key as MessageKey] ?? message.key).replace(
    /\{\{(\w+)\}\}/g,
    (whole, name: string) =>
      message.params?.[name] === undefined ? whole : text(message.params[name]),
  );
}

/**
 * Diagnostic reports as main sends them (`detail` in English, `detailKey` and `detailParams`
 * for the window), one per situation a
 * Japanese admin meets: together they use every check detail, every word inside one and every
 * advice step of the catalogue (`usedKeys` proves it), so the window's Japanese can be checked
 * for all of them.
 */

type Step = DiagnosticReport['steps'][number];

const HOST = 'clp.tunnel.example.com';
const IP = '203.0.113.10';
const KEY = 'C:\\Users\\admin\\.ssh\\id_ed25519';
const PPK = 'C:\\Users\\admin\\Documents\\rescale.ppk';
const AGENT = '/tmp/ssh-XXXXkJ2m/agent.4121';
const KNOWN_HOSTS = 'C:\\ProgramData\\Tunnelkeeper\\known_hosts';
const BASTION = 'bastion.example.co.jp:22';
const FP_HOST = 'SHA256:3s9Jx1yUWmSLYqLCV1L4yRr7hAAsN0Zm3gxzFQ0DP6M';
const FP_KEY = 'SHA256:ehLZNnr09JR1ZxNjgq8nRctixtvIkZ5bC4WMH/BYJIE';
const FP_AGENT = 'SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
const PUBLIC = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAuT3hhmSisxjRLnEjORpXJ3coF/tKx3DaLWDzQ/qbs';
const CLIENT_KEX = 'curve25519-sha256, curve25519-sha256@libssh.org, ecdh-sha2-nistp256';

function step(
  id: CheckId,
  status: CheckStatus,
  detail: Message,
  extra: { cause?: Step['cause']; advice?: DiagnosticMessage[] } = {},
): Step {
  return {
    id,
    status,
    cause: extra.cause ?? null,
    detail: english(detail),
    detailKey: detail.key,
    ...(detail.params ? { detailParams: detail.params } : {}),
    advice: extra.advice ?? [],
  };
}

const skipAfter = (id: CheckId, failed: CheckId) =>
  step(id, 'skip', m('detail.skip.failed', { check: failed, title: m(`check.${failed}`) }));

const line = (target: string, label: MessageParam, here: boolean, result: Message) =>
  m('detail.target.line', {
    target,
    label,
    from: m(here ? 'detail.target.fromHere' : 'detail.target.fromServer'),
    result,
  });

const forward = (type: 'local' | 'remote' | 'dynamic', id: string, bind: string, result: Message) =>
  m('detail.forward.line', { type: m(`forwardType.${type}`), id, bind, result });

const refused = (id: string, bind: string, result: Message, sure: 'high' | 'medium' | 'low') =>
  m('detail.forward.lineConfidence', {
    type: m('forwardType.remote'),
    id,
    bind,
    result,
    confidence: m(`confidence.${sure}`),
  });

/** Every check passed: a direct connection to the provider, two license ports and a desktop. */
const HEALTHY: Record<CheckId, Step> = {
  dns: step(
    'dns',
    'pass',
    m('detail.dns.resolved', { host: HOST, addresses: `${IP}, 2001:db8::10` }),
  ),
  tcp: step('tcp', 'pass', m('detail.tcp.connected', { address: `${IP}:443`, ms: 38 })),
  banner: step(
    'banner',
    'pass',
    m('detail.banner.okAfterText', {
      banner: 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5',
      lines: 2,
    }),
  ),
  kex: step(
    'kex',
    'pass',
    m('detail.kex.agreed', {
      kex: 'curve25519-sha256',
      hostKey: 'ssh-ed25519',
      cipher: 'chacha20-poly1305@openssh.com',
    }),
  ),
  hostkey: step(
    'hostkey',
    'pass',
    m('detail.hostkey.ok', {
      keyType: 'ssh-ed25519',
      fingerprint: FP_HOST,
      trusted: m('trust.knownHosts', { path: KNOWN_HOSTS }),
    }),
  ),
  auth: step(
    'auth',
    'pass',
    m('detail.auth.accepted', {
      credential: m('detail.auth.withKeys', {
        credential: m('detail.auth.key', { path: KEY }),
        fingerprints: FP_KEY,
      }),
    }),
  ),
  forwards: step(
    'forwards',
    'pass',
    m('detail.list', {
      items: [
        forward('remote', 'R1055', '*:1055', m('detail.forward.remoteOk')),
        forward('local', 'L3389', '127.0.0.1:13389', m('detail.forward.localFree')),
        forward('dynamic', 'D1080', '127.0.0.1:1080', m('detail.forward.localFree')),
      ],
    }),
  ),
  targets: step(
    'targets',
    'pass',
    m('detail.list', {
      items: [
        line('licsrv01:1055', 'ANSYS', true, m('detail.target.answers')),
        line(
          'cad-ws07.example.co.jp:3389',
          m('label.none'),
          false,
          m('detail.target.answersViaServer'),
        ),
      ],
    }),
  ),
};

function report(
  tunnelId: string,
  cause: DiagnosticReport['cause'],
  steps: Partial<Record<CheckId, Step>>,
  advice: DiagnosticMessage[] = [],
): DiagnosticReport {
  return {
    tunnelId,
    startedAt: 1_700_000_000_000,
    finishedAt: 1_700_000_004_200,
    cause,
    steps: (Object.keys(HEALTHY) as CheckId[]).map((id) => steps[id] ?? HEALTHY[id]),
    advice,
  };
}

const skipAll = (failed: CheckId, ids: CheckId[]) =>
  Object.fromEntries(ids.map((id) => [id, skipAfter(id, failed)])) as Partial<
    Record<CheckId, Step>
  >;

const allowList = [
  m('tcp.outboundFirewall', { host: HOST, port: 443 }),
  m('tcp.allowList.ip', { ip: '198.51.100.23' }),
  m('tcp.allowList.openTest'),
];

const wrongPort = (what: MessageKey) =>
  m('banner.wrongPort', { host: HOST, port: 443, what: m(what) });

/** The reports, in the order "Run again" shows them. */
export const REPORTS: DiagnosticReport[] = [
  // The screenshot's case: the provider's port refuses, everything after it is skipped.
  report(
    'lic',
    'tcp-refused',
    {
      dns: step('dns', 'pass', m('detail.dns.ip', { host: IP })),
      tcp: step(
        'tcp',
        'fail',
        m('detail.tcp.failed', {
          address: `${IP}:22`,
          reason: m('detail.tcp.refused'),
          code: 'ECONNREFUSED',
        }),
        { cause: 'tcp-refused' },
      ),
      ...skipAll('tcp', ['banner', 'kex', 'hostkey', 'auth']),
      forwards: step('forwards', 'skip', m('detail.forward.allSkipped')),
      targets: step(
        'targets',
        'pass',
        m('detail.list', {
          items: [
            line('licsrv01:1055', m('license.1055'), true, m('detail.target.answers')),
            line('licsrv01:27001', m('license.flexlm'), true, m('detail.target.answers')),
          ],
        }),
      ),
    },
    [m('tcp.refused.checkPort', { host: IP, port: 22 }), ...allowList],
  ),
  report('lic', null, {}),
  // A name that does not resolve.
  report(
    'lic',
    'dns-not-found',
    {
      dns: step(
        'dns',
        'fail',
        m('detail.dns.notFound', { host: 'clp.tunel.example.com', code: 'ENOTFOUND' }),
        {
          cause: 'dns-not-found',
        },
      ),
      ...skipAll('dns', ['tcp', 'banner', 'kex', 'hostkey', 'auth']),
      forwards: step('forwards', 'pass', m('detail.forward.none')),
      targets: step('targets', 'pass', m('detail.target.none')),
    },
    [
      m('dns.checkName', { host: 'clp.tunel.example.com' }),
      m('dns.checkNetwork', { host: 'clp.tunel.example.com' }),
    ],
  ),
  // Every address of the name fails, each in its own way.
  report(
    'lic',
    'tcp-timeout',
    {
      tcp: step(
        'tcp',
        'fail',
        m('detail.list', {
          items: [
            m('detail.tcp.failed', {
              address: `${IP}:443`,
              reason: m('detail.tcp.timeout'),
              code: '5000 ms',
            }),
            m('detail.tcp.failed', {
              address: '[2001:db8::10]:443',
              reason: m('detail.tcp.unreachable'),
              code: 'ENETUNREACH',
            }),
            m('detail.tcp.failed', {
              address: '203.0.113.11:443',
              reason: m('detail.tcp.blocked'),
              code: 'EACCES',
            }),
            m('detail.tcp.failed', {
              address: '203.0.113.12:443',
              reason: m('detail.tcp.reset'),
              code: 'ECONNRESET',
            }),
            m('detail.tcp.failed', {
              address: '203.0.113.13:443',
              reason: m('detail.tcp.other'),
              code: 'EINVAL',
            }),
          ],
        }),
        { cause: 'tcp-timeout' },
      ),
      ...skipAll('tcp', ['banner', 'kex', 'hostkey', 'auth']),
    },
    [
      m('tcp.outboundFirewall', { host: HOST, port: 443 }),
      m('tcp.allowList.find'),
      m('tcp.allowList.openTest'),
    ],
  ),
  report('lic', 'unknown', {
    tcp: step('tcp', 'fail', m('detail.tcp.noAddress'), { cause: 'unknown' }),
    ...skipAll('tcp', ['banner', 'kex', 'hostkey', 'auth']),
  }),
  // Cut before the banner: a firewall or an allow-list.
  report(
    'lic',
    'tcp-reset',
    {
      tcp: step(
        'tcp',
        'fail',
        m('detail.tcp.cutAfterConnect', {
          address: `${IP}:443`,
          what: m('detail.tcp.closedBeforeBanner'),
        }),
        { cause: 'tcp-reset' },
      ),
      banner: step('banner', 'skip', m('detail.banner.closed')),
      ...skipAll('tcp', ['kex', 'hostkey', 'auth']),
    },
    allowList,
  ),
  report('lic', 'tcp-reset', {
    tcp: step(
      'tcp',
      'fail',
      m('detail.tcp.cutAfterConnect', {
        address: `${IP}:443`,
        what: m('detail.tcp.resetBeforeBanner', { code: 'ECONNRESET' }),
      }),
      { cause: 'tcp-reset' },
    ),
    banner: step('banner', 'skip', m('detail.banner.reset')),
    ...skipAll('tcp', ['kex', 'hostkey', 'auth']),
  }),
  // Not an SSH server on that port, in every shape.
  ...(
    [
      ['what.http', '"HTTP/1.1 400 Bad Request"'],
      ['what.tls', '15030300020246'],
      ['what.ftpSmtp', '"220 ProFTPD Server (Debian) ready."'],
      ['what.mail', '"+OK Dovecot ready."'],
      ['what.vnc', '"RFB 003.008"'],
      ['what.text', '"Welcome to the license gateway"'],
      ['what.binary', '00000000deadbeef0000000000000000'],
    ] as const
  ).map(([what, excerpt]) =>
    report(
      'lic',
      'not-ssh',
      {
        banner: step(
          'banner',
          'fail',
          m('detail.banner.other', { host: HOST, port: 443, what: m(what), excerpt }),
          {
            cause: 'not-ssh',
          },
        ),
        ...skipAll('banner', ['kex', 'hostkey', 'auth']),
      },
      [wrongPort(what)],
    ),
  ),
  report(
    'lic',
    'not-ssh',
    {
      banner: step('banner', 'fail', m('detail.banner.silent', { ms: 8000 }), { cause: 'not-ssh' }),
      ...skipAll('banner', ['kex', 'hostkey', 'auth']),
    },
    [wrongPort('what.silent')],
  ),
  report('lic', 'not-ssh', {
    banner: step('banner', 'fail', m('detail.banner.ssh1', { banner: 'SSH-1.5-Cisco-1.25' }), {
      cause: 'not-ssh',
    }),
    ...skipAll('banner', ['kex', 'hostkey', 'auth']),
  }),
  report('lic', null, {
    banner: step('banner', 'pass', m('detail.banner.ok', { banner: 'SSH-2.0-OpenSSH_8.0' })),
  }),
  // Old servers: one report per category that can have nothing in common.
  ...(['kex', 'hostKey', 'cipher', 'mac', 'compression'] as const).map((category, i) =>
    report(
      'lic',
      'kex-mismatch',
      {
        kex: step(
          'kex',
          'fail',
          m('detail.kex.mismatch', {
            category: m(`kexCategory.${category}`),
            server:
              i === 4
                ? m('detail.none')
                : 'diffie-hellman-group14-sha1, diffie-hellman-group1-sha1',
            client: CLIENT_KEX,
          }),
          { cause: 'kex-mismatch' },
        ),
        ...skipAll('kex', ['hostkey', 'auth']),
      },
      [
        i % 2 === 0
          ? m('kex.enable-legacy', {
              category: m(`kexCategory.${category}`),
              server: 'diffie-hellman-group14-sha1, diffie-hellman-group1-sha1',
              names: 'diffie-hellman-group14-sha1',
              line: '"algorithms": { "kex": "+diffie-hellman-group14-sha1" }',
              option: '-o KexAlgorithms=+diffie-hellman-group14-sha1',
            })
          : m('kex.upgrade', {
              category: m(`kexCategory.${category}`),
              server: 'hmac-md5',
              client: 'hmac-sha2-256-etm@openssh.com, hmac-sha2-256',
            }),
      ],
    ),
  ),
  report('lic', null, { kex: step('kex', 'warn', m('detail.kex.unreadable')) }),
  // Host keys: changed (pinned), unknown, new under accept-new, and no key at all.
  report(
    'lic',
    'hostkey-mismatch',
    {
      hostkey: step(
        'hostkey',
        'fail',
        m('detail.hostkey.mismatch', {
          keyType: 'ssh-rsa',
          fingerprint: FP_AGENT,
          trusted: m('trust.pinned', { fingerprints: FP_HOST }),
        }),
        { cause: 'hostkey-mismatch' },
      ),
      auth: skipAfter('auth', 'hostkey'),
    },
    [m('hostkey.mismatch', { host: HOST, keyType: 'ssh-rsa', fingerprint: FP_AGENT })],
  ),
  report(
    'lic',
    'hostkey-unknown',
    {
      hostkey: step(
        'hostkey',
        'fail',
        m('detail.hostkey.unknown', {
          keyType: 'ssh-ed25519',
          fingerprint: FP_HOST,
          trusted: m('trust.none'),
        }),
        { cause: 'hostkey-unknown' },
      ),
      auth: skipAfter('auth', 'hostkey'),
    },
    [m('hostkey.confirm', { keyType: 'ssh-ed25519', fingerprint: FP_HOST })],
  ),
  report('lic', 'tcp-reset', {
    hostkey: step(
      'hostkey',
      'fail',
      m('detail.hostkey.ended', {
        cause: m('cause.tcp-reset'),
        raw: 'the connection closed during set-up',
      }),
      { cause: 'tcp-reset' },
    ),
    auth: skipAfter('auth', 'hostkey'),
  }),
  report('lic', 'unknown', {
    hostkey: step('hostkey', 'fail', m('detail.hostkey.endedNoReason'), { cause: 'unknown' }),
    auth: skipAfter('auth', 'hostkey'),
  }),
  report(
    'lic',
    'unknown',
    {
      hostkey: step(
        'hostkey',
        'fail',
        m('detail.hostkey.trustUnreadable', {
          raw: `EACCES: permission denied, open '${KNOWN_HOSTS}'`,
        }),
        { cause: 'unknown' },
      ),
      auth: skipAfter('auth', 'hostkey'),
    },
    [
      m('generic.unknown', {
        detail: m('detail.hostkey.trustUnreadable', {
          raw: `EACCES: permission denied, open '${KNOWN_HOSTS}'`,
        }),
      }),
    ],
  ),
  report(
    'lic',
    null,
    {
      hostkey: step(
        'hostkey',
        'warn',
        m('detail.hostkey.new', {
          keyType: m('hostkey.anyType'),
          fingerprint: m('detail.none'),
          trusted: m('trust.none'),
        }),
      ),
      auth: step('auth', 'pass', m('detail.auth.acceptedWithout')),
    },
    [],
  ),
  // Logins refused: a second factor, a locked key, an empty agent, keys the server does not know.
  report(
    'lic',
    'auth-rejected',
    {
      auth: step(
        'auth',
        'fail',
        m('detail.list', {
          items: [
            m('detail.auth.rejectedPartial', {
              methods: 'publickey, keyboard-interactive',
              tried: [
                m('detail.auth.attempt', {
                  credential: m('detail.auth.withKeys', {
                    credential: m('detail.auth.agent', { socket: AGENT }),
                    fingerprints: `${FP_AGENT}, ${FP_KEY}`,
                  }),
                  result: m('attempt.partial'),
                }),
                m('detail.auth.attempt', {
                  credential: m('detail.auth.password'),
                  result: m('detail.auth.notAllowed', { method: 'password' }),
                }),
              ],
            }),
            m('detail.auth.keyNotUsable', {
              path: PPK,
              problem: m('keyProblem.key-locked'),
              raw: 'the key is encrypted: a passphrase is needed',
            }),
            m('detail.auth.passwordUnreadable'),
          ],
        }),
        { cause: 'auth-rejected' },
      ),
    },
    [
      m('auth.secondFactor', { methods: 'keyboard-interactive' }),
      m('auth.agentWrongKey', { fingerprints: `${FP_AGENT}, ${FP_KEY}` }),
      m('auth.ppkToOpenssh', { path: PPK }),
      m('auth.checkUser', { user: 'rescale', host: HOST }),
    ],
  ),
  report(
    'lic',
    'auth-rejected',
    {
      auth: step(
        'auth',
        'fail',
        m('detail.auth.rejected', {
          methods: 'publickey',
          tried: [
            m('detail.auth.attempt', {
              credential: m('detail.auth.withKeys', {
                credential: m('detail.auth.key', { path: KEY }),
                fingerprints: FP_KEY,
              }),
              result: m('attempt.rejected'),
            }),
            m('detail.auth.attempt', {
              credential: m('detail.auth.password'),
              result: m('attempt.not-offered'),
            }),
          ],
        }),
        { cause: 'auth-rejected' },
      ),
    },
    [
      m('auth.comparePublicKey', { publicKey: PUBLIC, fingerprint: FP_KEY }),
      m('auth.noPublickey', { methods: 'password, keyboard-interactive' }),
      m('auth.checkUser', { user: 'rescale', host: HOST }),
    ],
  ),
  report(
    'lic',
    'agent-empty',
    {
      auth: step(
        'auth',
        'fail',
        m('detail.list', {
          items: [
            m('detail.auth.rejected', {
              methods: m('detail.unknown'),
              tried: m('detail.auth.nothingOffered'),
            }),
            m('detail.auth.agentEmpty', { socket: AGENT }),
          ],
        }),
        { cause: 'agent-empty' },
      ),
    },
    [
      m('auth.agentEmpty'),
      m('auth.noCredential'),
      m('auth.checkUser', { user: 'rescale', host: HOST }),
    ],
  ),
  ...(
    [
      ['key-locked', 'auth.keyLocked', m('detail.auth.agentNoAnswer')],
      ['key-locked', 'auth.wrongPassphrase', m('detail.auth.agentBuiltin')],
      ['key-unreadable', 'auth.keyMissing', m('detail.auth.agentUnset')],
      [
        'key-unreadable',
        'auth.keyFormat',
        m('detail.auth.agentUnavailable', { raw: 'connect ENOENT /tmp/ssh-XXXXkJ2m/agent.4121' }),
      ],
    ] as const
  ).map(([cause, advice, agent], i) =>
    report(
      'lic',
      cause,
      {
        auth: step(
          'auth',
          'fail',
          m('detail.list', {
            items: [
              m('detail.auth.rejected', {
                methods: 'publickey',
                tried: m('detail.auth.nothingOffered'),
              }),
              m('detail.auth.keyNotUsable', {
                path: KEY,
                problem: m(
                  (
                    [
                      'keyProblem.key-locked',
                      'keyProblem.wrong-passphrase',
                      'keyProblem.key-unreadable',
                      'keyProblem.corrupt',
                    ] as const
                  )[i] as MessageKey,
                ),
                raw: [
                  'the key is encrypted',
                  'wrong passphrase',
                  "ENOENT: no such file or directory, open 'C:\\Users\\admin\\.ssh\\id_ed25519'",
                  'the key file is damaged',
                ][i] as string,
              }),
              agent,
            ],
          }),
          { cause },
        ),
      },
      [m(advice, { path: KEY })],
    ),
  ),
  report('lic', 'key-unreadable', {
    auth: step(
      'auth',
      'fail',
      m('detail.auth.keyNotUsable', {
        path: KEY,
        problem: m('keyProblem.unsupported'),
        raw: 'unsupported key type ssh-dss',
      }),
      { cause: 'key-unreadable' },
    ),
  }),
  report(
    'lic',
    'connection-lost',
    {
      auth: step(
        'auth',
        'fail',
        m('detail.failure', {
          cause: m('cause.connection-lost'),
          raw: 'the server closed the session',
        }),
        { cause: 'connection-lost' },
      ),
    },
    [m('generic.connectionLost')],
  ),
  report('lic', 'keepalive-timeout', {}, [m('generic.keepalive')]),
  // Ports: held on the server, not permitted, taken here; the tunnel itself is running.
  report(
    'lic',
    'forward-refused',
    {
      forwards: step(
        'forwards',
        'fail',
        m('detail.list', {
          items: [
            refused('R1055', '*:1055', m('detail.forward.inUse', { port: 1055 }), 'high'),
            refused(
              'R2325',
              '*:2325',
              m('detail.forward.portRefused', { other: 40123, port: 2325 }),
              'medium',
            ),
            refused('R1999', '*:1999', m('detail.forward.notPermitted'), 'low'),
            refused('R27001', '*:27001', m('detail.forward.notPermittedNothingListens'), 'high'),
            forward(
              'local',
              'L3389',
              '127.0.0.1:3389',
              m('detail.forward.localFailed', {
                reason: m('detail.forward.localInUse'),
                code: 'EADDRINUSE',
              }),
            ),
            forward(
              'local',
              'L80',
              '0.0.0.0:80',
              m('detail.forward.localFailed', {
                reason: m('detail.forward.localDenied'),
                code: 'EACCES',
              }),
            ),
            forward(
              'local',
              'L8080',
              '192.0.2.50:8080',
              m('detail.forward.localFailed', {
                reason: m('detail.forward.localNotHere'),
                code: 'EADDRNOTAVAIL',
              }),
            ),
            forward(
              'dynamic',
              'D1080',
              '127.0.0.1:1080',
              m('detail.forward.localFailed', {
                reason: m('detail.raw', { raw: 'listen EINVAL: invalid argument 127.0.0.1:1080' }),
                code: 'EINVAL',
              }),
            ),
            m('detail.forward.runningNow', { pid: 4821, host: 'LICSRV01' }),
          ],
        }),
        { cause: 'forward-refused' },
      ),
    },
    [
      m('forward.runningNow', { pid: 4821, since: '2025-03-01T08:12:44.000Z' }),
      m('forward.staleSession', { port: '1055' }),
      m('forward.secondTunnel', { port: '1055' }),
      m('forward.clientAlive', { port: '1055' }),
      m('forward.notPermitted', { port: '27001' }),
      m('forward.probablyNotPermitted', { port: '2325' }),
      m('forward.localInUse', { bind: '127.0.0.1:3389' }),
    ],
  ),
  // License servers behind the tunnel: down, gone, refused by the server.
  report(
    'lic',
    'target-unreachable',
    {
      targets: step(
        'targets',
        'fail',
        m('detail.list', {
          items: [
            line(
              'licsrv01:1055',
              m('license.1055'),
              true,
              m('detail.target.failed', {
                reason: m('detail.target.refused'),
                code: 'ECONNREFUSED',
              }),
            ),
            line(
              'licsrv01:2325',
              m('license.2325'),
              true,
              m('detail.target.failed', { reason: m('detail.target.timeout'), code: 'ETIMEDOUT' }),
            ),
            line(
              'licsrv-old:1999',
              m('license.1999'),
              true,
              m('detail.target.failed', { reason: m('detail.target.notFound'), code: 'ENOTFOUND' }),
            ),
            line(
              'licsrv02:1718',
              m('license.1718'),
              true,
              m('detail.target.failed', { reason: m('detail.target.dnsDown'), code: 'EAI_AGAIN' }),
            ),
            line(
              '10.20.0.9:2765',
              m('license.2765'),
              true,
              m('detail.target.failed', {
                reason: m('detail.target.noRoute'),
                code: 'EHOSTUNREACH',
              }),
            ),
            line(
              '10.20.0.9:5053',
              m('license.5053'),
              true,
              m('detail.target.failed', { reason: m('detail.target.other'), code: 'EPERM' }),
            ),
            line('10.20.0.9:31010', m('license.31010'), false, m('detail.target.prohibited')),
            line(
              '10.20.0.9:27001',
              m('license.flexlm'),
              false,
              m('detail.target.serverFailed', { raw: 'Connection refused' }),
            ),
            line('10.20.0.9:49152', m('label.none'), false, m('detail.needsSession')),
          ],
        }),
        { cause: 'target-unreachable' },
      ),
    },
    [
      m('target.serviceDown', { target: 'licsrv01:1055', label: m('license.1055') }),
      m('target.resolve', { target: 'licsrv-old:1999', host: 'licsrv-old' }),
      m('target.prohibited', { target: '10.20.0.9:31010' }),
      m('target.vendorPort', { target: '10.20.0.9:49152', port: '49152' }),
      m('target.licenseStatus'),
    ],
  ),
  // Through a proxy and a bastion: healthy, then each way it fails.
  report('lic', null, {
    dns: step(
      'dns',
      'pass',
      m('detail.chain.resolved', {
        target: m('detail.chain.target', { address: `${HOST}:22` }),
        chain: m('detail.chain.path', {
          from: m('detail.chain.proxyType', { type: m('proxyType.http') }),
          to: m('detail.chain.hop', { n: 1, address: BASTION }),
        }),
      }),
    ),
    tcp: step(
      'tcp',
      'pass',
      m('detail.chain.reached', {
        target: m('detail.chain.target', { address: `${HOST}:22` }),
        chain: m('detail.chain.path', {
          from: m('detail.chain.proxyType', { type: m('proxyType.http') }),
          to: m('detail.chain.hop', { n: 1, address: BASTION }),
        }),
      }),
    ),
    banner: step('banner', 'pass', m('detail.chain.banner')),
    kex: step('kex', 'pass', m('detail.chain.kex')),
  }),
  report(
    'lic',
    'auth-rejected',
    {
      ...Object.fromEntries(
        (['dns', 'tcp', 'banner', 'kex', 'hostkey'] as const).map((id) => [
          id,
          step(
            id,
            'pass',
            m('detail.chain.passed', {
              hop: m('detail.chain.hop', { n: 1, address: BASTION }),
              check: 'auth',
              title: m('check.auth'),
            }),
          ),
        ]),
      ),
      auth: step(
        'auth',
        'fail',
        m('detail.chain.failure', {
          where: m('detail.chain.hop', { n: 1, address: BASTION }),
          cause: m('cause.auth-rejected'),
          raw: 'the server refused every offered credential',
        }),
        { cause: 'auth-rejected' },
      ),
    },
    [m('auth.checkUser', { user: 'rescale', host: 'bastion.example.co.jp' })],
  ),
  report('lic', 'tcp-refused', {
    dns: step(
      'dns',
      'pass',
      m('detail.chain.passed', {
        hop: m('detail.chain.proxy', { type: m('proxyType.socks5'), address: '10.0.0.1:1080' }),
        check: 'tcp',
        title: m('check.tcp'),
      }),
    ),
    tcp: step(
      'tcp',
      'fail',
      m('detail.chain.failure', {
        where: m('detail.chain.proxy', { type: m('proxyType.socks5'), address: '10.0.0.1:1080' }),
        cause: m('cause.tcp-refused'),
        raw: 'nothing listens there or a firewall rejects (connect ECONNREFUSED 10.0.0.1:1080)',
      }),
      { cause: 'tcp-refused' },
    ),
    ...skipAll('tcp', ['banner', 'kex', 'hostkey', 'auth']),
  }),
  report('lic', 'tcp-timeout', {
    dns: step('dns', 'skip', m('detail.skip.incomplete')),
    tcp: step(
      'tcp',
      'fail',
      m('detail.chain.timeout', {
        chain: m('detail.chain.path', {
          from: m('detail.chain.proxyType', { type: m('proxyType.socks4a') }),
          to: m('detail.chain.hop', { n: 1, address: BASTION }),
        }),
        ms: 16000,
      }),
      { cause: 'tcp-timeout' },
    ),
    ...skipAll('tcp', ['banner', 'kex', 'hostkey', 'auth']),
  }),
  report(
    'lic',
    'unknown',
    {
      dns: step(
        'dns',
        'pass',
        m('detail.chain.passed', {
          hop: m('detail.chain.whole'),
          check: 'tcp',
          title: m('check.tcp'),
        }),
      ),
      tcp: step(
        'tcp',
        'fail',
        m('detail.failure', {
          cause: m('cause.unknown'),
          raw: 'Proxy connection failed: 407 Proxy Authentication Required',
        }),
        { cause: 'unknown' },
      ),
      ...skipAll('tcp', ['banner', 'kex', 'hostkey', 'auth']),
    },
    [
      m('generic.unknown', {
        detail: m('detail.failure', {
          cause: m('cause.unknown'),
          raw: 'Proxy connection failed: 407 Proxy Authentication Required',
        }),
      }),
    ],
  ),
  report('lic', 'not-ssh', {
    banner: step(
      'banner',
      'fail',
      m('detail.chain.failure', {
        where: m('detail.chain.target', { address: `${HOST}:22` }),
        cause: m('cause.not-ssh'),
        raw: 'what answered is not an SSH server: "HTTP/1.0 200 OK"',
      }),
      { cause: 'not-ssh' },
    ),
    ...skipAll('banner', ['kex', 'hostkey', 'auth']),
  }),
];

/** Every catalogue key the reports use, nested ones included. */
export function usedKeys(reports: readonly DiagnosticReport[]): Set<string> {
  const keys = new Set<string>();
  const visit = (message: DiagnosticMessage) => {
    keys.add(message.key);
    for (const value of Object.values(message.params ?? {}))
      for (const item of Array.isArray(value) ? value : [value])
        if (typeof item === 'object') visit(item);
  };
  for (const r of reports) {
    if (r.cause) keys.add(`cause.${r.cause}`);
    r.advice.forEach(visit);
    for (const s of r.steps) {
      s.advice.forEach(visit);
      if (s.detailKey) visit({ key: s.detailKey, params: s.detailParams });
    }
  }
  return keys;
}

/** Text from outside the app the reports carry (errors, what a server sent): shown as is. */
export function verbatimTexts(reports: readonly DiagnosticReport[]): Set<string> {
  const texts = new Set<string>();
  const visit = (params: DiagnosticMessage['params']) => {
    for (const [name, value] of Object.entries(params ?? {}))
      for (const item of Array.isArray(value) ? value : [value])
        if (typeof item === 'object') visit(item.params);
        else if (VERBATIM_PARAMS.includes(name)) texts.add(String(item));
  };
  for (const r of reports) {
    r.advice.forEach((a) => visit(a.params));
    for (const s of r.steps) visit(s.detailParams);
  }
  return texts;
}
