/** Guided troubleshooting: the checks of `tunnelkeeper diagnose` and the app's panel. */
export { runDiagnostics } from './runner';
export {
  buildBundle,
  redactProfile,
  writeBundle,
  type BundleExtras,
  type DiagnosticBundle,
} from './bundle';
export { readRecentLog } from './recent-log';
export {
  CATALOGUE,
  detectLang,
  plainParams,
  renderAdvice,
  renderMessage,
  translate,
  LANGS,
  type Lang,
} from './advice/catalogue';
export type { MessageKey } from './advice/messages.en';
export { selectAdvice, selectCause } from './advice/select';
export { licensePortLabel } from './license-ports';
export * from './types';
