import type { EngineServiceSpec } from './types';
import { escapeXml } from './xml';

/**
 * The engine as a launchd daemon, /Library/LaunchDaemons/<label>.plist (launchd.plist(5)):
 * loaded at boot with nobody logged on, RunAtLoad starts it, KeepAlive true starts it again
 * whenever it exits (ThrottleInterval: at most every 10 s). `UserName` when the engine runs
 * as someone else than root (their key files).
 */
export function launchdPlist(spec: EngineServiceSpec, label: string): string {
  const string = (value: string): string => `<string>${escapeXml(value)}</string>`;
  const args = spec.argv.map((arg) => `    ${string(arg)}`).join('\n');
  const user =
    spec.user && spec.user !== 'root' ? `  <key>UserName</key>\n  ${string(spec.user)}\n` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Tunnelkeeper engine: written by tunnelkeeper engine install; tunnelkeeper engine uninstall removes it. -->
<plist version="1.0">
<dict>
  <key>Label</key>
  ${string(label)}
${user}  <key>ProgramArguments</key>
  <array>
${args}
  </array>
  <key>WorkingDirectory</key>
  ${string(spec.workingDirectory)}
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <true/>
  <key>ThrottleInterval</key>
  <integer>10</integer>
</dict>
</plist>
`;
}
