export { cliBundleFromScript, engineCommand, explicitCommand, NODE_FLAGS } from './engine-command';
export {
  installEngine,
  planInstall,
  planUninstall,
  uninstallEngine,
  type BootHooks,
  type BootRequest,
} from './install';
export { launchdPlist } from './launchd-plist';
export { defaultLocations, hostPlatform } from './locations';
export { nodeBootSystem } from './node-system';
export { describeStep, executePlan, type BootPlan, type BootStep } from './plan';
export { bootServiceStatus, type BootServiceStatus } from './status';
export { systemdUnit } from './systemd-unit';
export {
  BOOT_PLATFORMS,
  BootError,
  type BootLocations,
  type BootPlatform,
  type BootSystem,
  type EngineServiceSpec,
  type RunResult,
  type ServiceCommand,
} from './types';
export { encodeTaskXml, taskXml, winQuote } from './windows-task';
