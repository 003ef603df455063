import type { Api, DiagnosticReport } from '../../preload/contract';

/**
 * Methods added to the contract while the window was built. The preload of an older build may
 * lack them, so the window treats them as optional and shows "not available" instead of failing.
 */
type Newer =
  | 'appPaths'
  | 'chooseFile'
  | 'pathForFile'
  | 'inspectKey'
  | 'checkPublicKey'
  | 'previewImport'
  | 'unlockKey'
  | 'lockKey'
  | 'onOpenKeys';

export type ImportSource = Parameters<Api['previewImport']>[0];
export type ImportPreview = Awaited<ReturnType<Api['previewImport']>>;
export type KeyInfo = Awaited<ReturnType<Api['inspectKey']>>;
export type PublicKeyCheck = Awaited<ReturnType<Api['checkPublicKey']>>;
export type AppPaths = Awaited<ReturnType<Api['appPaths']>>;

export interface AdviceItem {
  key: string;
  params?: Record<string, string | number>;
}
export type DiagnosticReportWithAdvice = DiagnosticReport & { advice?: AdviceItem[] };

export type HostKeyPrompt = Parameters<Parameters<Api['onHostKeyPrompt']>[0]>[0];

/**
 * `once` (trust for this session, pin nothing) is asked of the contract, which has `always`
 * and `cancel` so far.
 */
export type HostKeyDecision = 'once' | 'always' | 'cancel';

/** Still missing from the contract (asked of the shell); optional until it lands. */
export interface ApiExtensions {
  answerHostKey?(tunnelId: string, decision: HostKeyDecision): Promise<void>;
  /** The troubleshooting texts of main/core (both languages), fresher than the window's copy. */
  diagnosticsCatalogue?(): Promise<Record<'en' | 'ja', Record<string, string>>>;
}

export type Bridge = Omit<Api, Newer | 'answerHostKey'> & Partial<Pick<Api, Newer>> & ApiExtensions;

/** The preload bridge (or the test bridge the e2e harness injects). */
export function bridge(): Bridge {
  return window.tunnelkeeper as Bridge;
}

/** Bridge errors cross as codes (`new Error(code)`); anything else is shown as `internal`. */
export function errorCode(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^[a-z-]+$/.test(message) ? message : 'internal';
}
