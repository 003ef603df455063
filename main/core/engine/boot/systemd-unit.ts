import type { EngineServiceSpec } from './types';
import { oneLine } from './xml';

/**
 * One ExecStart word. systemd expands `%` specifiers and `$` variables in ExecStart: double
 * them; a word with spaces, quotes or backslashes goes in double quotes (systemd.service(5),
 * "Command lines").
 */
export function systemdQuote(arg: string): string {
  const escaped = arg
    .replace(/%/g, '%%')
    .replace(/\$/g, '$$$$')
    .replace(/(["\\])/g, '\\$1');
  return /[\s"'\\]/.test(arg) ? `"${escaped}"` : escaped;
}

/** A plain value (a path, a description): only `%` specifiers are expanded there. */
const specifiers = (value: string): string => value.replace(/%/g, '%%');

/**
 * The engine's unit, /etc/systemd/system/tunnelkeeper-engine.service:
 * - after the network is up (network-online.target, wanted so it is waited for at all);
 * - Restart=on-failure every 10 s, and StartLimitIntervalSec=0 so systemd never gives up on it
 *   (the engine reconnects its tunnels itself; this only covers the process dying);
 * - `User=` when the engine runs as someone else than root (their key files).
 */
export function systemdUnit(spec: EngineServiceSpec): string {
  const lines = [
    '# Tunnelkeeper engine: runs the autostart profiles of its config and keeps them connected.',
    '# Written by `tunnelkeeper engine install`; `tunnelkeeper engine uninstall` removes it.',
    '[Unit]',
    `Description=${specifiers(`Tunnelkeeper engine (SSH tunnels)${spec.configPath ? ` for ${oneLine(spec.configPath)}` : ''}`)}`,
    'Wants=network-online.target',
    'After=network-online.target',
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=simple',
    ...(spec.user && spec.user !== 'root' ? [`User=${oneLine(spec.user)}`] : []),
    `WorkingDirectory=${specifiers(spec.workingDirectory)}`,
    `ExecStart=${spec.argv.map(systemdQuote).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=10',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ];
  return `${lines.join('\n')}\n`;
}
