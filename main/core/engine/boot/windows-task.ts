import type { EngineServiceSpec } from './types';
import { escapeXml, oneLine } from './xml';

/**
 * The engine as a Task Scheduler task (schema http://schemas.microsoft.com/windows/2004/02/mit/task,
 * https://learn.microsoft.com/en-us/windows/win32/taskschd/task-scheduler-schema).
 *
 * Who runs it ("run whether the user is logged on or not"):
 * - no --user: SYSTEM (`<UserId>S-1-5-18</UserId>`, registered with
 *   `schtasks /Create ... /RU SYSTEM`): no password, starts at boot with nobody logged on.
 * - --user U: LogonType S4U. LogonType Password would store U's password with the task, which
 *   schtasks must be given on its command line (`/RP`; cli.md: secrets never come on the
 *   command line) and which breaks the task at U's next password change. S4U stores no
 *   password; what it gives up is "access to the network or encrypted files"
 *   (https://learn.microsoft.com/en-us/windows/win32/taskschd/taskschedulerschema-logontype-simpletype):
 *   no network *credentials* (shares, Kerberos) and no EFS files. Plain TCP, which is all an SSH
 *   tunnel needs, works; U's key files must not be EFS-encrypted. The task XML carries the
 *   principal, so schtasks is called without /RU or /RP
 *   (https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/schtasks-create).
 *
 * Settings whose schema defaults are wrong for a tunnel
 * (https://learn.microsoft.com/en-us/windows/win32/taskschd/taskschedulerschema-settings-tasksettingstype-element):
 * - DisallowStartIfOnBatteries / StopIfGoingOnBatteries default to true: a laptop on battery
 *   would never start the engine, or kill it when unplugged;
 * - ExecutionTimeLimit defaults to PT72H: the engine would be stopped after three days (PT0S: none);
 * - RestartOnFailure is absent by default: restart every minute, up to 999 times (the most the
 *   Task Scheduler UI allows);
 * - StartWhenAvailable: start at the next chance when the boot trigger was missed;
 * - MultipleInstancesPolicy IgnoreNew: a second start while the engine runs does nothing;
 * - Priority defaults to 7, below normal with low I/O priority
 *   (https://learn.microsoft.com/en-us/windows/win32/taskschd/taskschedulerschema-priority-settingstype-element):
 *   4 is normal CPU, I/O and memory priority, as an interactive program gets;
 * - AllowHardTerminate: `schtasks /End` (uninstall, reinstall) may stop it;
 * - RunLevel: HighestAvailable for SYSTEM (what Windows writes for it), LeastPrivilege for a
 *   user (a tunnel needs no elevation).
 */
export const SYSTEM_SID = 'S-1-5-18';

/** Windows argv quoting (CommandLineToArgvW rules) for the <Arguments> element. */
export function winQuote(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`;
}

export function taskXml(spec: EngineServiceSpec): string {
  const [command = 'node', ...args] = spec.argv;
  const principal = spec.user
    ? [
        `      <UserId>${escapeXml(spec.user)}</UserId>`,
        '      <LogonType>S4U</LogonType>',
        '      <RunLevel>LeastPrivilege</RunLevel>',
      ]
    : [
        // No LogonType: the schema's logonType has no value for a service account; SYSTEM is
        // known by its SID (this is what Windows itself exports for a SYSTEM task).
        `      <UserId>${SYSTEM_SID}</UserId>`,
        '      <RunLevel>HighestAvailable</RunLevel>',
      ];
  const description = `Tunnelkeeper engine: runs the autostart profiles of ${
    spec.configPath ? oneLine(spec.configPath) : 'its config'
  } and keeps their SSH tunnels connected. Written by tunnelkeeper engine install.`;
  // No encoding in the declaration: the file schtasks reads is UTF-16 with a BOM
  // (encodeTaskXml), and the same text on stdout (export) is UTF-8; the BOM decides either way.
  return `<?xml version="1.0"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>${escapeXml(description)}</Description>
  </RegistrationInfo>
  <Triggers>
    <BootTrigger>
      <Enabled>true</Enabled>
    </BootTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
${principal.join('\n')}
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>4</Priority>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>${escapeXml(command)}</Command>
      <Arguments>${escapeXml(args.map(winQuote).join(' '))}</Arguments>
      <WorkingDirectory>${escapeXml(spec.workingDirectory)}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
`;
}

/** The bytes schtasks /XML reads: UTF-16 little-endian with its byte order mark. */
export function encodeTaskXml(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** `schtasks /Create` for the XML: /RU SYSTEM for SYSTEM, the XML's own principal for a user. */
export function schtasksCreateArgs(taskName: string, xmlFile: string, user?: string): string[] {
  return ['/Create', '/TN', taskName, '/XML', xmlFile, ...(user ? [] : ['/RU', 'SYSTEM']), '/F'];
}
