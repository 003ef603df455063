import path from 'node:path';
import type { Profile } from '../../config/profile';
import { oneLine } from './quote';
import type { ExportResult } from './types';

/**
 * Service definitions that run `tunnelkeeper up --config C --profile ID` at boot, before anyone
 * logs on, and restart it if it exits (the provider asks for exactly this: Task Scheduler "run
 * whether the user is logged on or not" at startup, or systemd `Restart=on-failure`).
 * Tunnelkeeper reconnects by itself; the service manager only covers the process dying.
 */
export interface ServiceOptions {
  /** Absolute config path the service reads. */
  configPath: string;
  /** How to start the CLI: e.g. [node, /path/bin/tunnelkeeper.cjs]. */
  command: readonly string[];
  /** The account that runs it (the key files are that account's). */
  user?: string;
}

function upArgs(profile: Profile, options: ServiceOptions): string[] {
  return [...options.command, 'up', '--config', options.configPath, '--profile', profile.id];
}

function systemdQuote(arg: string): string {
  // systemd expands % specifiers and $ variables: double them; quote words with spaces.
  const escaped = arg
    .replace(/%/g, '%%')
    .replace(/\$/g, '$$$$')
    .replace(/(["\\])/g, '\\$1');
  return /[\s"'\\]/.test(arg) ? `"${escaped}"` : escaped;
}

export function exportSystemd(profile: Profile, options: ServiceOptions): ExportResult {
  const lines = [
    `# Tunnelkeeper profile: ${oneLine(profile.name)}`,
    `# Install: save as /etc/systemd/system/tunnelkeeper-${profile.id}.service, then`,
    `#   systemctl daemon-reload && systemctl enable --now tunnelkeeper-${profile.id}`,
    '[Unit]',
    `Description=Tunnelkeeper tunnel ${oneLine(profile.name)}`,
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    ...(options.user && options.user !== 'root' ? [`User=${options.user}`] : []),
    `ExecStart=${upArgs(profile, options).map(systemdQuote).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=10',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ];
  return { text: `${lines.join('\n')}\n`, notes: serviceNotes(options) };
}

const xml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Windows argv quoting for the <Arguments> element. */
function winQuote(arg: string): string {
  return /[\s"]/.test(arg)
    ? `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`
    : arg;
}

export function exportTaskScheduler(profile: Profile, options: ServiceOptions): ExportResult {
  const [program = 'tunnelkeeper', ...rest] = upArgs(profile, options);
  const user = options.user ?? '';
  // No encoding in the declaration: Task Scheduler then reads UTF-8, or UTF-16 with a BOM
  // (what PowerShell's `>` writes), so either redirect works.
  const text = `<?xml version="1.0"?>
<!-- Tunnelkeeper profile: ${xml(oneLine(profile.name)).replace(/--/g, '- -')} -->
<!-- Register: schtasks /create /tn "Tunnelkeeper\\${xml(profile.id)}" /xml this-file.xml /ru ${xml(user || 'DOMAIN\\user')} /rp * -->
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>Tunnelkeeper tunnel ${xml(oneLine(profile.name))}</Description>
  </RegistrationInfo>
  <Triggers>
    <BootTrigger>
      <Enabled>true</Enabled>
    </BootTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
${user ? `      <UserId>${xml(user)}</UserId>\n` : ''}      <LogonType>Password</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>${xml(program)}</Command>
      <Arguments>${xml(rest.map(winQuote).join(' '))}</Arguments>
      <WorkingDirectory>${xml(path.win32.dirname(options.configPath))}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
`;
  const notes = serviceNotes(options);
  notes.push(
    'LogonType Password is "run whether the user is logged on or not": schtasks asks for the account password when you register the task',
  );
  return { text, notes };
}

export function exportLaunchd(profile: Profile, options: ServiceOptions): ExportResult {
  const label = `com.tunnelkeeper.${profile.id}`;
  const args = upArgs(profile, options)
    .map((a) => `    <string>${xml(a)}</string>`)
    .join('\n');
  const text = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Tunnelkeeper profile: ${xml(oneLine(profile.name)).replace(/--/g, '- -')} -->
<!-- Install: save as /Library/LaunchDaemons/${label}.plist, then sudo launchctl bootstrap system /Library/LaunchDaemons/${label}.plist -->
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${xml(label)}</string>
${options.user && options.user !== 'root' ? `  <key>UserName</key>\n  <string>${xml(options.user)}</string>\n` : ''}  <key>ProgramArguments</key>
  <array>
${args}
  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ThrottleInterval</key>
  <integer>10</integer>
</dict>
</plist>
`;
  return { text, notes: serviceNotes(options) };
}

function serviceNotes(options: ServiceOptions): string[] {
  return [
    `the service runs ${options.command.join(' ')} with the config ${options.configPath}: keep both where they are, or edit the definition`,
  ];
}
