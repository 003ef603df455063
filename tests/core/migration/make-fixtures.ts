/**
 * Writes the binary fixtures of tests/fixtures/migration once (they are committed; the tests read
 * the files, never this script): `npx tsx tests/core/migration/make-fixtures.ts`.
 * - task XML as schtasks writes it on Windows 10/11: UTF-16LE with a BOM, CRLF line ends,
 *   `<?xml version="1.0" encoding="UTF-16"?>`, the task namespace;
 * - the `ONE` export of several tasks: `<Tasks>`, a `<!-- \Folder\Name -->` comment before each;
 * - Startup items: a batch file (CRLF) and two shortcuts built per MS-SHLLINK (lnk-builder.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildLnk } from './lnk-builder';

const DIR = path.resolve('tests/fixtures/migration');
const NS = 'http://schemas.microsoft.com/windows/2004/02/mit/task';
const PLINK = 'C:\\Program Files\\PuTTY\\plink.exe';
const PAGEANT = 'C:\\Program Files\\PuTTY\\pageant.exe';
const PROVIDER_ARGS =
  '-ssh -i C:\\Users\\admin\\.ssh\\id_rsa.ppk rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -R 4084:licsrv:4084 -N -batch';

const utf16 = (text: string) =>
  Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf16le'),
  ]);

interface TaskSpec {
  uri: string;
  description?: string;
  trigger: string;
  principal: string;
  enabled?: boolean;
  exec: string;
}

/** The body of one <Task>, as Windows 10/11 exports it (Settings in Windows' own order). */
function task(t: TaskSpec): string {
  return `<Task version="1.2" xmlns="${NS}">
  <RegistrationInfo>
    <Date>2024-03-11T09:14:27.5530000</Date>
    <Author>LICSRV01\\admin</Author>${t.description ? `\n    <Description>${t.description}</Description>` : ''}
    <URI>${t.uri}</URI>
  </RegistrationInfo>
  <Triggers>
${t.trigger}
  </Triggers>
  <Principals>
    <Principal id="Author">
${t.principal}
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>false</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>true</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>${t.enabled === false ? 'false' : 'true'}</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>7</Priority>
  </Settings>
  <Actions Context="Author">
${t.exec}
  </Actions>
</Task>`;
}

const boot = `    <BootTrigger>
      <Enabled>true</Enabled>
    </BootTrigger>`;
const logon = `    <LogonTrigger>
      <Enabled>true</Enabled>
      <UserId>LICSRV01\\admin</UserId>
    </LogonTrigger>`;
const passwordPrincipal = `      <UserId>S-1-5-21-3623811015-3361044348-30300820-1013</UserId>
      <LogonType>Password</LogonType>
      <RunLevel>HighestAvailable</RunLevel>`;
const exec = (command: string, args?: string, dir?: string) =>
  [
    '    <Exec>',
    `      <Command>${command}</Command>`,
    ...(args !== undefined ? [`      <Arguments>${args}</Arguments>`] : []),
    ...(dir !== undefined ? [`      <WorkingDirectory>${dir}</WorkingDirectory>`] : []),
    '    </Exec>',
  ].join('\n');

const plinkTask = task({
  uri: '\\plink tunnel',
  description: 'Reverse SSH tunnel to the Rescale license proxy (ANSYS &amp; Abaqus)',
  trigger: boot,
  principal: passwordPrincipal,
  exec: exec(PLINK, PROVIDER_ARGS),
});

const tasks: [string, string][] = [
  [
    '\\Microsoft\\Windows\\Defrag\\ScheduledDefrag',
    task({
      uri: '\\Microsoft\\Windows\\Defrag\\ScheduledDefrag',
      trigger: `    <CalendarTrigger>
      <StartBoundary>2005-01-01T01:00:00</StartBoundary>
      <Enabled>true</Enabled>
      <ScheduleByWeek>
        <DaysOfWeek>
          <Wednesday />
        </DaysOfWeek>
        <WeeksInterval>1</WeeksInterval>
      </ScheduleByWeek>
    </CalendarTrigger>`,
      principal: `      <UserId>S-1-5-18</UserId>
      <RunLevel>HighestAvailable</RunLevel>`,
      exec: exec('%windir%\\system32\\defrag.exe', '-c -h -o -$'),
    }),
  ],
  ['\\plink tunnel', plinkTask],
  [
    '\\Tunnels\\Old Rescale tunnel',
    task({
      uri: '\\Tunnels\\Old Rescale tunnel',
      trigger: boot,
      principal: passwordPrincipal,
      enabled: false,
      exec: exec(
        `"${PLINK}"`,
        '-ssh -i &quot;C:\\Users\\admin\\My Keys\\old.ppk&quot; rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -N -batch',
      ),
    }),
  ],
  [
    '\\Tunnels\\Rescale tunnel (script)',
    task({
      uri: '\\Tunnels\\Rescale tunnel (script)',
      trigger: logon,
      principal: `      <UserId>S-1-5-21-3623811015-3361044348-30300820-1013</UserId>
      <LogonType>S4U</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>`,
      exec: exec('rescale-tunnel.bat', undefined, 'C:\\Tunnels'),
    }),
  ],
  [
    '\\Tunnels\\Other proxy',
    task({
      uri: '\\Tunnels\\Other proxy',
      trigger: boot,
      principal: passwordPrincipal,
      exec: exec(
        PLINK,
        '-ssh -i C:\\Users\\admin\\.ssh\\id_rsa.ppk rescale@other.tunnel.example.net -R 4085:licsrv:4085 -N -batch',
      ),
    }),
  ],
  [
    '\\Tunnels\\Pageant with tunnel',
    task({
      uri: '\\Tunnels\\Pageant with tunnel',
      trigger: logon,
      principal: `      <UserId>LICSRV01\\admin</UserId>
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>`,
      exec: exec(
        PAGEANT,
        `--encrypted C:\\keys\\star.ppk -c "${PLINK}" -batch -N -R 1999:starlic:1999 rescale@clp.tunnel.example.com`,
      ),
    }),
  ],
];

const one = `<?xml version="1.0" encoding="UTF-16"?>
<Tasks>
${tasks.map(([name, body]) => `  <!-- ${name} -->\n${body}`).join('\n')}
</Tasks>
`;

const startupBatch = `@echo off
REM Rescale license tunnel, started at logon from the Startup folder
cd /d "C:\\Program Files\\PuTTY"
set KEY=C:\\Users\\admin\\.ssh\\id_rsa.ppk
start "Rescale tunnel" "${PLINK}" ${PROVIDER_ARGS.replace('C:\\Users\\admin\\.ssh\\id_rsa.ppk', '%KEY%')}
`;

const scheduledScript = `@ECHO OFF
:: Started by the task \\Tunnels\\Rescale tunnel (script)
"${PLINK}" -ssh -i C:\\Users\\admin\\.ssh\\id_rsa.ppk -l rescale clp.tunnel.example.com -R 4085:licsrv:4085 -R 27000:abqlic:27000 -N -batch
`;

mkdirSync(path.join(DIR, 'startup'), { recursive: true });
writeFileSync(
  path.join(DIR, 'plink-tunnel-task.xml'),
  utf16(`<?xml version="1.0" encoding="UTF-16"?>\n${plinkTask}\n`),
);
writeFileSync(path.join(DIR, 'all-tasks-one.xml'), utf16(one));
writeFileSync(path.join(DIR, 'rescale-tunnel.bat'), scheduledScript.replace(/\n/g, '\r\n'));
writeFileSync(path.join(DIR, 'startup', 'Rescale tunnel.bat'), startupBatch.replace(/\n/g, '\r\n'));
writeFileSync(
  path.join(DIR, 'startup', 'Pageant.lnk'),
  buildLnk({
    target: PAGEANT,
    arguments: 'C:\\keys\\a.ppk "C:\\Users\\admin\\My Keys\\b.ppk"',
    workingDir: 'C:\\Program Files\\PuTTY\\',
    relativePath: '..\\..\\..\\..\\..\\..\\..\\Program Files\\PuTTY\\pageant.exe',
    linkInfo: 'unicode',
  }),
);
writeFileSync(
  path.join(DIR, 'startup', 'Rescale plink.lnk'),
  buildLnk({
    target: PLINK,
    arguments: PROVIDER_ARGS,
    workingDir: 'C:\\Program Files\\PuTTY',
    name: 'Rescale license tunnel',
    iconLocation: `${PLINK}`,
    showCommand: 7,
  }),
);
