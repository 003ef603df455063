import {
  act,
  cleanup,
  configure,
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { supportedAlgorithms } from '../../main/core/config/algorithms';
import type { KeySummary, LogLine, Profile, TunnelSnapshot } from '../../contract';
import { App } from '../../renderer/src/App';
import { connectBridge } from '../../renderer/src/connect';
import { initI18n } from '../../renderer/src/i18n';
import diagEn from '../../renderer/src/locales/diag.en.json';
import { initialState, useAppStore } from '../../renderer/src/store';
import { REPORTS, usedKeys, verbatimTexts } from './diagnostic-reports';
import { fakeBridge, resetStore } from './fake-bridge';
import './render';
import { snapshot } from './samples';

/**
 * "Japanese everywhere" (issue 20): every view of the window, in Japanese, with realistic data,
 * shows no English words. What may stay as it is: names and numbers that are not words of any
 * language (hosts, ports, paths, fingerprints, codes, algorithm names, product names), the
 * user's own data, and text from outside the app shown as evidence (a server's or the OS's
 * error, marked `lang="en"` by the window and listed below as the data main sent).
 */

// ---- what may stay as it is ----------------------------------------------------------------

/** Product and program names, and the few words of config files a provider's guide quotes. */
const NAMES = [
  'Tunnelkeeper',
  'OpenSSH',
  'PuTTY',
  'PuTTYgen',
  'Pageant',
  'plink',
  'puttygen',
  'FlexLM',
  'ANSYS',
  'Abaqus',
  'COMSOL',
  'CONVERGE',
  'LS-DYNA',
  'STAR-CCM+',
  'Windows',
  'Defender',
  'Linux',
  'macOS',
  'systemd',
  'launchd',
  'Prometheus',
  'lmgrd',
  'rlm',
  'Ed25519',
  'ssh',
  'sshd',
  // OpenSSH's option names, next to their Japanese label in the form's "old servers" section.
  'Ciphers',
  'MACs',
];

/** Patterns of tokens that are not words of a language, each with why it may stay. */
const ALLOWED: [RegExp, string][] = [
  [/`[^`]*`/g, 'a command to type, quoted'],
  [/\bhttps?:\/\/\S+/g, 'a URL'],
  [/[A-Za-z]:\\[^\s、。,;()()「」]*/g, 'a Windows path'],
  [/(?<![\w.])~?\/[^\s、。,;()()「」]+/g, 'a POSIX path'],
  [/\S+@\S+/g, 'user@host, a key comment, an algorithm@vendor'],
  [/\b(?:SHA256|MD5):[A-Za-z0-9+/=:]+/g, 'a fingerprint'],
  [/\bAAAA[A-Za-z0-9+/=]{20,}/g, 'a public key'],
  [/\[?[\w-]*(?:[.:][\w-]+)+\]?(?::\d+)?/g, 'a host name, an address, host:port, a file name'],
  [
    /\b(?:ssh|ecdsa|ecdh|rsa|dsa|sk|curve\d+|diffie|hmac|aes\d*|chacha20|umac|sntrup\d*\w*|mlkem\d*\w*|zlib)[\w@.+-]*/g,
    'an algorithm',
  ],
  [/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, 'a code (cause code, policy, key type)'],
  [/\b\w+_\w+\b/g, 'a config key or file (known_hosts, sshd_config)'],
  [/\b[A-Z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\b/g, 'an identifier (AllowTcpForwarding, KexAlgorithms)'],
  [/\b[A-Z][A-Z0-9_#+/-]*[A-Z0-9+]\b/g, 'an acronym or error code (TCP, ECONNREFUSED)'],
  [/\b\d+(?:\.\d+)?\s?(?:ms|KB|MB|GB|TB|B)\b/g, 'a unit'],
  [/\b[0-9a-f]{8,}\b/g, 'hex bytes'],
  [/\b[A-Z]\b/g, 'a forward letter (L, R, D)'],
  [/(?<!\S)--?[A-Za-z][\w-]*/g, 'a command-line option (-batch, -o)'],
  [/"\w+":/g, 'a key of the config file, quoted (JSON)'],
  [/\b\w+=\S*/g, 'a line to add to a file (port=27001)'],
  [/\bhosts(?=\s?ファイル)/g, 'the hosts file'],
  [/\bEnglish\b/g, 'the language picker names each language in its own words'],
  [new RegExp(`\\b(?:${NAMES.map((n) => n.replace(/[+]/g, '\\+')).join('|')})\\b`, 'g'), 'a name'],
];

/** English words left once the allowed tokens are taken out (one letter is never a word). */
function englishIn(text: string, data: ReadonlySet<string>): string[] {
  let rest = text;
  for (const value of data) if (value) rest = rest.split(value).join(' ');
  for (const [pattern] of ALLOWED) rest = rest.replace(pattern, ' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

// ---- what the page shows -------------------------------------------------------------------

interface Shown {
  /** Each text node, and each label a screen reader or a tooltip gives. */
  texts: string[];
  /** Text the window marks as coming from outside (lang="en"), as is. */
  verbatim: string[];
}

const ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'];

function shown(root: Element = document.body): Shown {
  const out: Shown = { texts: [], verbatim: [] };
  const walk = (element: Element) => {
    if (['SCRIPT', 'STYLE', 'TEMPLATE'].includes(element.tagName)) return;
    if (element.hasAttribute('hidden') || (element as HTMLElement).style?.display === 'none')
      return;
    // Log lines are what the tunnel wrote (the logs view's chrome is checked, not its lines).
    if (element.getAttribute('data-testid') === 'log-line') return;
    if (element.hasAttribute('data-verbatim')) {
      out.verbatim.push(element.textContent ?? '');
      return;
    }
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name)?.trim();
      if (value) out.texts.push(value);
    }
    for (const node of element.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        const text = node.textContent?.trim();
        if (text) out.texts.push(text);
      } else if (node.nodeType === Node.ELEMENT_NODE) walk(node as Element);
    }
  };
  walk(root);
  return out;
}

/** Every text on the page with English in it, with the words found. */
function englishOnPage(data: ReadonlySet<string>): string[] {
  const page = shown();
  return [
    ...new Set(
      page.texts
        .filter((text) => englishIn(text, data).length > 0)
        .map((text) => `${JSON.stringify(text)} (${englishIn(text, data).join(', ')})`),
    ),
  ];
}

/** Fails listing every English string on the page (and any evidence it did not get from main). */
function expectJapanese(where: string, data: ReadonlySet<string>, evidence: ReadonlySet<string>) {
  expect(document.documentElement.lang).toBe('ja');
  const foreign = shown().verbatim.filter((text) => !evidence.has(text));
  expect(englishOnPage(data), `English in the Japanese ${where}`).toEqual([]);
  expect(foreign, `text marked as evidence in the ${where} that main did not send`).toEqual([]);
}

// ---- the data main sends -------------------------------------------------------------------

const NOW = Date.now();
const HOST = 'clp.tunnel.example.com';

const forwardLine = snapshot().forwards[0]!;
const TUNNELS: TunnelSnapshot[] = [
  snapshot({ id: 'lic', name: 'ライセンス転送(本社)' }),
  snapshot({ id: 'cad', name: 'CAD ライセンス', state: 'connecting', since: null } as never),
  snapshot({
    id: 'rdp',
    name: 'リモートデスクトップ',
    state: 'authenticating',
    since: null,
  } as never),
  snapshot({
    id: 'abaqus',
    name: 'Abaqus',
    state: 'degraded',
    cause: 'forward-refused',
    detail: 'forward R27001: Unable to bind to *:27001',
    forwards: [
      forwardLine,
      {
        ...forwardLine,
        id: 'R27001',
        listen: '127.0.0.1:27001',
        target: 'licsrv01:27001',
        state: 'failed',
        cause: 'forward-refused',
        connections: { active: 0, total: 0, failed: 3 },
        bytesIn: 0,
        bytesOut: 0,
      },
      {
        ...forwardLine,
        id: 'D1080',
        type: 'dynamic',
        listen: '127.0.0.1:1080',
        target: null,
        state: 'active',
        connections: { active: 0, total: 1, failed: 0 },
      },
    ],
  } as never),
  snapshot({
    id: 'osaka',
    name: '大阪拠点',
    state: 'waiting',
    cause: 'tcp-refused',
    detail: 'nothing listens there or a firewall rejects (connect ECONNREFUSED 203.0.113.10:22)',
    since: null,
    nextRetryAt: NOW + 30_000,
    forwards: [
      { ...forwardLine, state: 'pending', connections: { active: 0, total: 0, failed: 0 } },
    ],
  } as never),
  snapshot({
    id: 'nagoya',
    name: '名古屋拠点',
    state: 'failed',
    cause: 'hostkey-mismatch',
    detail: 'the server host key differs from the trusted one',
    since: null,
    forwards: [],
  } as never),
  snapshot({
    id: 'backup',
    name: 'バックアップ回線',
    state: 'stopped',
    since: null,
    forwards: [],
  } as never),
];

const profile = (id: string, name: string, extra: Partial<Profile> = {}): Profile =>
  ({
    id,
    name,
    host: HOST,
    port: 22,
    user: 'rescale',
    auth: { keyFile: 'C:\\Users\\admin\\.ssh\\id_ed25519', agent: false },
    hostKey: { policy: 'ask', pinned: [] },
    keepalive: { intervalSec: 15, countMax: 3 },
    autostart: true,
    verbose: false,
    forwards: [
      { id: 'R1055', type: 'remote', bindPort: 1055, targetHost: 'licsrv01', targetPort: 1055 },
      {
        id: 'L3389',
        type: 'local',
        bindAddress: '127.0.0.1',
        bindPort: 13389,
        targetHost: 'cad-ws07',
        targetPort: 3389,
        label: 'リモートデスクトップ',
      },
    ],
    ...extra,
  }) as Profile;

const PROFILES = TUNNELS.map((t) => profile(t.id, t.name));

const KEYS: KeySummary[] = [
  {
    id: 'k1',
    path: 'C:\\Users\\admin\\.ssh\\id_ed25519',
    type: 'ssh-ed25519',
    bits: 256,
    fingerprint: 'SHA256:ehLZNnr09JR1ZxNjgq8nRctixtvIkZ5bC4WMH/BYJIE',
    comment: 'admin@cad-pc',
    format: 'openssh',
    encrypted: true,
    unlocked: true,
  },
  {
    id: 'k2',
    path: 'C:\\Users\\admin\\Documents\\rescale.ppk',
    type: 'ssh-rsa',
    bits: 4096,
    fingerprint: 'SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg',
    comment: 'rsa-key-20240101',
    format: 'ppk3',
    encrypted: true,
    unlocked: false,
  },
  {
    id: 'k3',
    path: '/home/admin/.ssh/legacy.pem',
    type: 'ecdsa-sha2-nistp256',
    bits: 256,
    fingerprint: 'SHA256:3s9Jx1yUWmSLYqLCV1L4yRr7hAAsN0Zm3gxzFQ0DP6M',
    comment: '',
    format: 'pem',
    encrypted: false,
    unlocked: false,
  },
];

const LOGS: LogLine[] = [
  { tunnelId: 'lic', time: NOW - 5000, level: 'info', message: 'state connected' },
  { tunnelId: 'lic', time: NOW - 4000, level: 'warn', message: 'forward R27001 refused' },
  {
    tunnelId: 'lic',
    time: NOW - 3000,
    level: 'error',
    message: 'connection lost: keepalive timeout',
  },
];

const PUBLIC =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAuT3hhmSisxjRLnEjORpXJ3coF/tKx3DaLWDzQ/qbs admin@cad-pc';
const KEY_INFO = {
  format: 'ppk3',
  keyType: 'ssh-ed25519',
  bits: 256,
  encrypted: true,
  unlocked: false,
  comment: 'admin@cad-pc',
  fingerprint: 'SHA256:ehLZNnr09JR1ZxNjgq8nRctixtvIkZ5bC4WMH/BYJIE',
  publicKey: PUBLIC,
};

/** The user's own words and the data main sends that are no UI text. */
const DATA = new Set<string>([
  ...TUNNELS.flatMap((t) => [t.name, t.detail ?? '']),
  ...KEYS.map((k) => k.comment),
  HOST,
  'rescale',
]);

/** Evidence the window may show as is: what the reports and the supervisor carried. */
/** The importer's own (English) sentences: shown as evidence after a Japanese one. */
const IMPORT_WARNINGS = [
  {
    code: 'option-not-applied',
    message: '-X (X11 forwarding) is not applied: a tunnel does not need it',
  },
  {
    code: 'vendor-port-not-pinned',
    line: 7,
    message:
      'line 7: VENDOR ansyslmd has no port=, so its port changes whenever the license server restarts',
  },
];

const EVIDENCE = new Set<string>([
  ...IMPORT_WARNINGS.map((w) => w.message),
  ...verbatimTexts(REPORTS),
  ...TUNNELS.flatMap((t) => (t.detail ? [t.detail] : [])),
]);

// Fluent's class lists make a failed query's DOM dump useless: name what was looked for only.
configure({
  asyncUtilTimeout: 5_000,
  getElementError: (message) => new Error(message?.split('\n')[0] ?? 'not found'),
});

// ---- the window ----------------------------------------------------------------------------

let reportIndex = 0;

function bridgeWithData() {
  return fakeBridge({
    appInfo: vi.fn(async () => ({
      version: '1.4.0',
      platform: 'win32',
      locale: 'ja-JP',
      algorithms: supportedAlgorithms(),
    })),
    getSettings: vi.fn(async () => ({ ...initialState.settings, language: 'ja' as const })),
    listTunnels: vi.fn(async () => TUNNELS),
    listProfiles: vi.fn(async () => PROFILES),
    listKeys: vi.fn(async () => KEYS),
    tailLog: vi.fn(async () => LOGS),
    runDiagnostics: vi.fn(async () => REPORTS[reportIndex++ % REPORTS.length]!),
    inspectKey: vi.fn(async (_path: string, passphrase?: string) => {
      if (passphrase === 'wrong') throw new Error('wrong-passphrase');
      return { ...KEY_INFO, unlocked: Boolean(passphrase) };
    }),
    convertKey: vi.fn(async () => ({
      key: { ...KEYS[0]!, id: 'k4', path: 'C:\\Users\\admin\\Documents\\rescale' },
      outputPath: 'C:\\Users\\admin\\Documents\\rescale',
      publicKeyLine: PUBLIC,
    })),
    checkPublicKey: vi.fn(async (text: string) =>
      text === PUBLIC
        ? {
            ok: true,
            keyType: 'ssh-ed25519',
            fingerprint: KEY_INFO.fingerprint,
            problem: null,
            message: null,
            suggestion: null,
            comment: 'admin@cad-pc',
          }
        : {
            ok: false,
            keyType: 'ssh-ed25519',
            fingerprint: null,
            problem: 'truncated',
            message: 'the key data is cut short',
            suggestion: null,
            comment: null,
          },
    ),
    presentedHostKey: vi.fn(async () => ({
      keyType: 'ssh-ed25519',
      fingerprint: 'SHA256:MjHe6M5tOX5seJvBYCBQCTVmPnr8uAGHvRVl7Gy6aRI',
    })),
    previewImport: vi.fn(async () => ({
      profiles: [
        profile('rescale-clp-tunnel-example-com', 'rescale@clp.tunnel.example.com', {
          forwards: [
            {
              id: 'R1055',
              type: 'remote',
              bindPort: 1055,
              targetHost: 'licsrv01',
              targetPort: 1055,
            },
            {
              id: 'R27001',
              type: 'remote',
              bindPort: 27001,
              targetHost: 'licsrv01',
              targetPort: 27001,
            },
          ],
        }),
      ],
      warnings: IMPORT_WARNINGS,
    })),
    bootStatus: vi.fn(async () => ({ installed: true, needsAdmin: true, platform: 'windows' })),
  } as never);
}

async function openWindow() {
  const { api } = bridgeWithData();
  await initI18n('ja-JP').changeLanguage('ja');
  useAppStore.getState().setAppInfo(await api.appInfo());
  const disconnect = connectBridge(api, useAppStore);
  const view = render(<App />);
  await waitFor(() => expect(document.documentElement.lang).toBe('ja'));
  await screen.findAllByTestId('tunnel-row');
  return { api, disconnect, view };
}

/** Fluent's dialogs and drawer animate in: their buttons count as hidden to a role query. */
const click = (name: string | RegExp, scope: HTMLElement = document.body) =>
  fireEvent.click(within(scope).getByRole('button', { name, hidden: true }));
const dialog = () => screen.getByRole('dialog', { hidden: true });
const tab = (name: string) => fireEvent.click(screen.getByRole('tab', { name }));

beforeEach(() => {
  resetStore();
  reportIndex = 0;
  window.matchMedia = vi.fn(() => ({
    matches: false,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  })) as never;
  Object.defineProperty(navigator, 'clipboard', {
    value: { writeText: vi.fn(async () => undefined) },
    configurable: true,
  });
});
afterEach(cleanup);

describe('the Japanese window shows no English', () => {
  it('uses every troubleshooting message in the reports below', () => {
    const used = usedKeys(REPORTS);
    // An accepted attempt ends the login: a passed check words it (detail.auth.accepted).
    const unreachable = ['list.separator', 'attempt.accepted'];
    const needed = Object.keys(diagEn).filter(
      (key) => !/^(check|status|cause)\./.test(key) && !unreachable.includes(key),
    );
    expect(needed.filter((key) => !used.has(key))).toEqual([]);
  });

  it('is a check that finds English: the English window fails it', async () => {
    expect(englishIn('127.0.0.1 is an IP address (no lookup needed)', DATA)).toEqual([
      'is',
      'an',
      'address',
      'no',
      'lookup',
      'needed',
    ]);
    expect(
      englishIn(
        '203.0.113.10:22: 接続が拒否されました [ECONNREFUSED] SHA256:ehLZNnr09JR1ZxNjgq8nRctixtvIkZ5bC4WMH/BYJIE C:\\Users\\admin\\.ssh\\id_ed25519 OpenSSH',
        DATA,
      ),
    ).toEqual([]);
    const { disconnect } = await openWindow();
    act(() => useAppStore.getState().setSettings({ ...initialState.settings, language: 'en' }));
    await waitFor(() => expect(document.documentElement.lang).toBe('en'));
    click('Troubleshoot', screen.getAllByTestId('tunnel-row')[0]!);
    await screen.findAllByTestId('diag-step');
    expect(englishOnPage(DATA).join('\n')).toMatch(/IP address \(no lookup needed\)/);
    disconnect();
  });

  it('the tunnels list, rows in every state', async () => {
    const { disconnect } = await openWindow();
    await screen.findByText('ライセンス転送(本社)');
    expectJapanese('tunnels list', DATA, EVIDENCE);
    disconnect();
  });

  it('the troubleshooting panel, for every report', async () => {
    const { api, disconnect } = await openWindow();
    const row = screen.getAllByTestId('tunnel-row')[0]!;
    fireEvent.click(within(row).getByRole('button', { name: 'トラブルシュート' }));
    for (let i = 0; i < REPORTS.length; i++) {
      if (i > 0) click('再実行', screen.getByTestId('troubleshoot-panel'));
      await waitFor(() => expect(api.runDiagnostics).toHaveBeenCalledTimes(i + 1));
      await waitFor(() => expect(useAppStore.getState().reports.lic).toBe(REPORTS[i]));
      await waitFor(() => expect(useAppStore.getState().diagnosing.lic).toBe(false));
      const panel = await screen.findByTestId('troubleshoot-panel');
      expect(within(panel).getAllByTestId('diag-step')).toHaveLength(8);
      expectJapanese(`troubleshooting panel (report ${i})`, DATA, EVIDENCE);
    }
    disconnect();
  });

  it('the logs view (its chrome, not the lines)', async () => {
    const { disconnect } = await openWindow();
    tab('ログ');
    await screen.findAllByTestId('log-line');
    expectJapanese('logs view', DATA, EVIDENCE);
    fireEvent.click(screen.getByRole('button', { name: 'コピー' }));
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).not.toMatch(/\//));
    expectJapanese('logs view after copying', DATA, EVIDENCE);
    disconnect();
  });

  it('the keys view and every step of the key wizard', async () => {
    const { disconnect } = await openWindow();
    tab('鍵');
    await screen.findByRole('table');
    expectJapanese('keys view', DATA, EVIDENCE);

    click(/rsa-key-20240101 のロックを解除/);
    await screen.findByRole('dialog', { hidden: true });
    expectJapanese('unlock dialog', DATA, EVIDENCE);
    click('キャンセル', dialog());
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());

    click('鍵の変換・作成…');
    await screen.findByTestId('key-wizard');
    expectJapanese('wizard: start', DATA, EVIDENCE);
    click('既存の鍵を変換する', dialog());
    expectJapanese('wizard: source', DATA, EVIDENCE);
    click('次へ', dialog());
    await within(dialog()).findByText(/絶対パス|フルパス/);
    expectJapanese('wizard: source with an error', DATA, EVIDENCE);
    fireEvent.change(screen.getByTestId('key-source'), {
      target: { value: 'C:\\Users\\admin\\Documents\\rescale.ppk' },
    });
    click('次へ', dialog());
    await screen.findByTestId('key-detected');
    fireEvent.change(screen.getByTestId('key-passphrase'), { target: { value: 'wrong' } });
    click('次へ', dialog());
    await within(dialog()).findByText('パスフレーズが違います。');
    expectJapanese('wizard: passphrase, wrong', DATA, EVIDENCE);
    fireEvent.change(screen.getByTestId('key-passphrase'), { target: { value: 'secret' } });
    click('次へ', dialog());
    await screen.findByTestId('key-output');
    expectJapanese('wizard: output', DATA, EVIDENCE);
    click('変換', dialog());
    await screen.findByTestId('public-key-result');
    expectJapanese('wizard: done', DATA, EVIDENCE);
    fireEvent.change(within(dialog()).getByRole('textbox', { name: /貼り付け/, hidden: true }), {
      target: { value: PUBLIC.slice(0, -20) },
    });
    await screen.findByTestId('paste-verdict');
    expectJapanese('wizard: a cut paste', DATA, EVIDENCE);
    click('閉じる', dialog());
    await waitFor(() => expect(screen.queryByTestId('key-wizard')).toBeNull());

    click('鍵の変換・作成…');
    click('新しい鍵を作成する', dialog());
    expectJapanese('wizard: generate', DATA, EVIDENCE);
    click('鍵を作成', dialog());
    await act(async () => undefined);
    expectJapanese('wizard: generate with errors', DATA, EVIDENCE);
    disconnect();
  });

  it('the settings', async () => {
    const { disconnect } = await openWindow();
    tab('設定');
    await screen.findByRole('heading', { name: '設定' });
    await act(async () => undefined);
    expectJapanese('settings', DATA, EVIDENCE);
    disconnect();
  });

  it('the setup assistant, every step', async () => {
    const { disconnect } = await openWindow();
    // What the admin pasted is their own data, shown as typed.
    const PASTED = `start "Rescale" plink.exe -ssh -i C:\\keys\\id.ppk rescale@${HOST} -R 1055:licsrv01:1055`;
    const data = new Set([PASTED, ...DATA]);
    click('トンネルを追加');
    await screen.findByRole('dialog', { hidden: true });
    expectJapanese('setup: what you have', data, EVIDENCE);
    fireEvent.change(within(dialog()).getByTestId('setup-text'), {
      target: {
        value: PASTED,
      },
    });
    click('読み取る', dialog());
    await within(dialog()).findByTestId('import-preview');
    expectJapanese('setup: what you have, read', data, EVIDENCE);
    click('保存して次へ', dialog());
    await within(dialog()).findByTestId('key-detected');
    fireEvent.change(within(dialog()).getByTestId('setup-passphrase'), {
      target: { value: 'wrong' },
    });
    click('鍵を開く', dialog());
    await within(dialog()).findByTestId('setup-error');
    expectJapanese('setup: key, wrong passphrase', data, EVIDENCE);
    fireEvent.change(within(dialog()).getByTestId('setup-passphrase'), {
      target: { value: 'secret' },
    });
    click('鍵を開く', dialog());
    await within(dialog()).findAllByRole('radio', { hidden: true });
    expectJapanese('setup: key', data, EVIDENCE);
    click('次へ', dialog());
    await within(dialog()).findByTestId('public-key-line');
    expectJapanese('setup: public key', data, EVIDENCE);
    click('貼り付けました', dialog());
    await within(dialog()).findByTestId('setup-host-fingerprint');
    expectJapanese('setup: host key', data, EVIDENCE);
    click(/このホスト鍵を信頼する/, dialog());
    await within(dialog()).findByTestId('setup-host-verdict');
    expectJapanese('setup: host key trusted', data, EVIDENCE);
    click('次へ', dialog());
    // A failing diagnosis: its cause and advice in Japanese, and "try again".
    await within(dialog()).findByTestId('setup-test-result');
    expectJapanese('setup: test', data, EVIDENCE);
    act(() => useAppStore.getState().setSetupStep('keepRunning'));
    await within(dialog()).findAllByRole('radio', { hidden: true });
    expectJapanese('setup: keep it running', data, EVIDENCE);
    act(() => useAppStore.getState().setSetupStep('done'));
    await within(dialog()).findByTestId('setup-done');
    expectJapanese('setup: done', data, EVIDENCE);
    click('完了', dialog());
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());
    disconnect();
  });

  it('the tunnel form, new and edited, with its messages', async () => {
    const { disconnect } = await openWindow();
    // The assistant's last choice ("nothing yet") offers the full form.
    click('トンネルを追加');
    await screen.findByRole('dialog', { hidden: true });
    fireEvent.click(
      within(dialog()).getByRole('radio', { name: /サーバーとポートを入力します/, hidden: true }),
    );
    click('詳細なフォームで入力する', dialog());
    await waitFor(() => expect(screen.queryByTestId('setup')).toBeNull());
    await within(dialog()).findByRole('textbox', { name: /^ポート/, hidden: true });
    fireEvent.change(within(dialog()).getByRole('textbox', { name: /^ポート/, hidden: true }), {
      target: { value: '70000' },
    });
    click('保存', dialog());
    await within(dialog()).findByText(/1 から 65535/);
    expectJapanese('new tunnel form with errors', DATA, EVIDENCE);
    click('キャンセル', dialog());
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());
    const row = screen.getAllByTestId('tunnel-row')[0]!;
    click('編集', row);
    await screen.findByRole('dialog', { hidden: true });
    for (const toggle of within(dialog()).queryAllByRole('button', {
      expanded: false,
      hidden: true,
    }))
      fireEvent.click(toggle);
    expectJapanese('tunnel form', DATA, EVIDENCE);
    disconnect();
  });

  it('the import dialog and its preview', async () => {
    const { disconnect } = await openWindow();
    click('コマンドを貼り付け / 取り込み…');
    await screen.findByRole('dialog', { hidden: true });
    expectJapanese('import dialog', DATA, EVIDENCE);
    fireEvent.change(within(dialog()).getByRole('textbox', { hidden: true }), {
      target: {
        value: `plink.exe -ssh -P 22 -i C:\\keys\\id.ppk rescale@${HOST} -R 1055:licsrv01:1055`,
      },
    });
    click('プレビュー', dialog());
    await screen.findByTestId('import-preview');
    expectJapanese('import preview', DATA, EVIDENCE);
    disconnect();
  });

  it('the host key dialog', async () => {
    const { disconnect } = await openWindow();
    act(() =>
      useAppStore.getState().setHostKeyPrompt({
        tunnelId: 'nagoya',
        host: HOST,
        port: 22,
        keyType: 'ssh-ed25519',
        fingerprint: KEY_INFO.fingerprint,
        previousFingerprint: 'SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg',
      }),
    );
    await screen.findByTestId('hostkey-dialog');
    expectJapanese('changed host key dialog', DATA, EVIDENCE);
    disconnect();
  });
});
