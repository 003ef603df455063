import type { DiagnosticReport, DiagnosticStep } from '../../contract';
import type { Profile } from '../core/config/profile';
import { buildBundle, runDiagnostics, writeBundle } from '../core/diagnostics/index';
import type { CheckResult, DiagnoseReport } from '../core/diagnostics/types';
import { CodedError } from './errors';
import type { DiagnosticsService } from './ports';

/** The core's report in the bridge's shape (the protocol log stays in main, for bundles). */
export function toDiagnosticReport(tunnelId: string, report: DiagnoseReport): DiagnosticReport {
  const startedAt = Date.parse(report.startedAt);
  return {
    tunnelId,
    startedAt,
    finishedAt: startedAt + report.durationMs,
    cause: report.cause,
    steps: report.checks.map(toDiagnosticStep),
    advice: report.adviceKeys,
  };
}

/** One check in the bridge's shape. */
export function toDiagnosticStep(check: CheckResult): DiagnosticStep {
  return {
    id: check.id,
    status: check.status,
    cause: check.cause ?? null,
    detail: check.detail,
    ...(check.detailKey ? { detailKey: check.detailKey } : {}),
    ...(check.detailParams ? { detailParams: check.detailParams } : {}),
    advice: check.advice ?? [],
  };
}

/** The Troubleshoot panel's "Run checks": `tunnelkeeper diagnose` for one profile. */
export function coreDiagnostics(readProfiles: () => Profile[]): DiagnosticsService {
  const profileOf = (tunnelId: string) => {
    const profile = readProfiles().find((p) => p.id === tunnelId);
    if (!profile) throw new CodedError('not-found');
    return profile;
  };
  return {
    async run(tunnelId, onStep) {
      const profile = profileOf(tunnelId);
      const onCheck = onStep && ((check: CheckResult) => onStep(toDiagnosticStep(check)));
      return toDiagnosticReport(
        tunnelId,
        await runDiagnostics(profile, onCheck ? { onCheck } : {}),
      );
    },
    /** The diagnostics' host-key step records what the server presented. */
    async presentedHostKey(tunnelId) {
      const report = await runDiagnostics(profileOf(tunnelId));
      const data = report.checks.find((c) => c.id === 'hostkey')?.data;
      const { fingerprint, keyType } = (data ?? {}) as { fingerprint?: unknown; keyType?: unknown };
      return typeof fingerprint === 'string' && fingerprint
        ? { fingerprint, keyType: typeof keyType === 'string' ? keyType : 'unknown' }
        : null;
    },
    /** `tunnelkeeper diagnose --bundle`: what support asks for, secrets scrubbed by the core. */
    async exportBundle(tunnelId, target, tunnelLog) {
      const profile = profileOf(tunnelId);
      const report = await runDiagnostics(profile);
      return writeBundle(target, buildBundle(report, profile, { tunnelLog }));
    },
  };
}
