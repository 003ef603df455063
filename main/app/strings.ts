import type { TunnelStateName } from '../../contract/tunnel-state';

/**
 * The few words the shell itself shows (tray, notifications) in both UI languages. The window's
 * text lives in the renderer's i18next files; these are outside any window.
 */
export type Language = 'en' | 'ja';

export interface ShellStrings {
  state: Record<TunnelStateName, string>;
  open: string;
  startAtLogin: string;
  quit: string;
  start: string;
  stop: string;
  tooltipEmpty: string;
  tooltip(counts: { connected: number; total: number; failed: number; trouble: number }): string;
  dropped(name: string): string;
  degraded(name: string): string;
  recovered(name: string): string;
  failed(name: string): string;
  /** Body line of a notification: what to do next. */
  clickForHelp: string;
  /** Quit, when this app started the engine: the tunnels can keep running without it. */
  quitAskTitle: string;
  quitAskBody: string;
  quitKeepTunnels: string;
  quitStopTunnels: string;
  keptInTrayTitle: string;
  keptInTrayBody: string;
  configInvalidTitle: string;
  configInvalidBody(file: string): string;
  /** A start from the tray failed; `code` is the bridge error code. */
  startFailed(name: string, code: string): string;
  /** A key marked "unlock at start" is still locked (no or wrong passphrase file). */
  keyLockedTitle(file: string): string;
  keyLockedBody: string;
}

const en: ShellStrings = {
  state: {
    connecting: 'Connecting',
    authenticating: 'Authenticating',
    connected: 'Connected',
    degraded: 'Degraded',
    waiting: 'Waiting to retry',
    failed: 'Failed',
    stopped: 'Stopped',
  },
  open: 'Open Tunnelkeeper',
  quitAskTitle: 'Keep the tunnels running?',
  quitAskBody:
    'The tunnels run in the background and keep working without the window. Stop them too when quitting?',
  quitKeepTunnels: 'Keep running',
  quitStopTunnels: 'Stop the tunnels',
  startAtLogin: 'Start at login',
  quit: 'Quit',
  start: 'Start',
  stop: 'Stop',
  tooltipEmpty: 'Tunnelkeeper — no tunnels configured',
  tooltip: ({ connected, total, failed, trouble }) =>
    `Tunnelkeeper — ${connected}/${total} connected` +
    (failed ? `, ${failed} failed` : '') +
    (trouble ? `, ${trouble} reconnecting` : ''),
  dropped: (name) => `${name} lost its connection`,
  degraded: (name) => `${name}: a forward stopped working`,
  recovered: (name) => `${name} is connected again`,
  failed: (name) => `${name} has stopped retrying`,
  clickForHelp: 'Click to see what happened and how to fix it.',
  keptInTrayTitle: 'Tunnelkeeper is still running',
  keptInTrayBody: 'Your tunnels stay up. Open Tunnelkeeper again from the tray icon.',
  configInvalidTitle: 'Tunnelkeeper cannot read its configuration',
  configInvalidBody: (file) => `Nothing was changed. Fix or restore ${file}, then reopen.`,
  startFailed: (name, code) =>
    code === 'already-running'
      ? `${name} is already running in another Tunnelkeeper (the app or the command line)`
      : `${name} could not be started (${code})`,
  keyLockedTitle: (file) => `The key ${file} needs its passphrase`,
  keyLockedBody: 'Tunnels that use it cannot connect. Click to unlock it in Keys.',
};

const ja: ShellStrings = {
  state: {
    connecting: '接続中',
    authenticating: '認証中',
    connected: '接続済み',
    degraded: '一部停止',
    waiting: '再接続待ち',
    failed: '失敗',
    stopped: '停止',
  },
  open: 'Tunnelkeeper を開く',
  quitAskTitle: 'トンネルを動かしたままにしますか？',
  quitAskBody:
    'トンネルはバックグラウンドで動いており、ウィンドウを閉じても動き続けます。終了と一緒にトンネルも停止しますか？',
  quitKeepTunnels: '動かしたままにする',
  quitStopTunnels: 'トンネルを停止する',
  startAtLogin: 'ログイン時に起動',
  quit: '終了',
  start: '開始',
  stop: '停止',
  tooltipEmpty: 'Tunnelkeeper — トンネル未設定',
  tooltip: ({ connected, total, failed, trouble }) =>
    `Tunnelkeeper — ${connected}/${total} 接続中` +
    (failed ? `、${failed} 失敗` : '') +
    (trouble ? `、${trouble} 再接続中` : ''),
  dropped: (name) => `${name} の接続が切れました`,
  degraded: (name) => `${name}: 転送の一部が停止しました`,
  recovered: (name) => `${name} が再接続しました`,
  failed: (name) => `${name} は再試行を停止しました`,
  clickForHelp: 'クリックすると原因と対処方法を表示します。',
  keptInTrayTitle: 'Tunnelkeeper は実行中です',
  keptInTrayBody: 'トンネルは維持されます。トレイのアイコンから再び開けます。',
  configInvalidTitle: 'Tunnelkeeper は設定を読み込めません',
  configInvalidBody: (file) =>
    `何も変更していません。${file} を修正または復元してから開き直してください。`,
  startFailed: (name, code) =>
    code === 'already-running'
      ? `${name} は別の Tunnelkeeper(アプリまたはコマンドライン)で実行中です`
      : `${name} を開始できませんでした (${code})`,
  keyLockedTitle: (file) => `鍵 ${file} のパスフレーズが必要です`,
  keyLockedBody: 'この鍵を使うトンネルは接続できません。クリックして「鍵」で解除してください。',
};

/** `system` follows the OS locale, like the renderer does. */
export function shellLanguage(setting: 'system' | Language, osLocale: string): Language {
  if (setting !== 'system') return setting;
  return osLocale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function shellStrings(language: Language): ShellStrings {
  return language === 'ja' ? ja : en;
}
