import type { Profile } from '../config/profile';
import { redact } from '../logging/redact';
import { selectAdvice, selectCause } from './advice/select';
import { checkAuth } from './checks/auth';
import { checkBanner } from './checks/banner';
import { checkDns } from './checks/dns';
import { checkForwards, explainRunningTunnel } from './checks/forwards';
import { checkHostKey } from './checks/hostkey';
import { checkKex } from './checks/kex';
import { checkTcp, hostPort, tcpAdvice } from './checks/tcp';
import { checkTargets } from './checks/targets';
import type { Duplex } from 'node:stream';
import { hasChain, targetLabel, type Chain } from '../tunnels/chain';
import { checkForCause, openDiagnosticChain } from './chain';
import { createContext } from './context';
import { loadCredentials } from './credentials';
import { lookupPublicIp } from './public-ip';
import { runningOwner } from './running';
import { openSession, type SessionOutcome } from './session';
import {
  CHECK_IDS,
  type CheckId,
  type CheckResult,
  type DiagnoseOptions,
  type DiagnoseReport,
} from './types';

const TCP_CAUSES = new Set(['tcp-refused', 'tcp-timeout', 'tcp-reset']);

/**
 * Runs the checks in the spec's order. A check that an earlier failure makes pointless is
 * `skip` with the reason; checks that do not depend on the SSH session (local binds, targets of
 * remote forwards, which this machine reaches itself) still run, because their evidence helps.
 */
export async function runDiagnostics(
  profile: Profile,
  options: DiagnoseOptions = {},
): Promise<DiagnoseReport> {
  const ctx = createContext(profile, options);
  const startedAt = new Date();
  const results = new Map<CheckId, CheckResult>();
  const set = (result: CheckResult, since: number) =>
    results.set(result.id, { ...result, durationMs: Date.now() - since });

  let t = Date.now();
  let session: SessionOutcome | undefined;
  const secrets: string[] = [];

  /** Credentials, the SSH session (direct or over the chain), then the hostkey and auth checks. */
  const sessionChecks = async (sock?: Duplex): Promise<void> => {
    t = Date.now();
    const env = options.env ?? process.env;
    const creds = await loadCredentials(profile, env, ctx.stepTimeoutMs, options.resolveSecret);
    if (creds.password) secrets.push(creds.password);
    session = await openSession(ctx, creds, sock).catch((error: unknown) => {
      // E.g. an unreadable known_hosts file: the trust store itself is the problem.
      const detail = `cannot check the host key: ${(error as Error).message}`;
      set({ id: 'hostkey', status: 'fail', cause: 'unknown', detail }, t);
      return undefined;
    });
    if (session && sock) {
      // Over a chain, ssh2 read the banner and negotiated: judge those steps from its outcome.
      const early = session.failure && !session.phase.handshakeDone ? session.failure : undefined;
      if (early) {
        const id = checkForCause(early.cause);
        set(
          {
            id,
            status: 'fail',
            cause: early.cause,
            detail: `${targetLabel(profile)}: ${early.detail}`,
          },
          t,
        );
        if (id !== 'banner')
          set(
            { id: 'banner', status: 'pass', detail: 'an SSH server answered through the chain' },
            t,
          );
        return;
      }
      set({ id: 'banner', status: 'pass', detail: 'an SSH server answered through the chain' }, t);
      set({ id: 'kex', status: 'pass', detail: 'key exchange agreed through the chain' }, t);
    }
    if (session && !session.hostKey.fingerprint && session.failure?.cause === 'kex-mismatch') {
      // Our own reading of the offers found a match, but ssh2 did not: its word is final.
      set({ id: 'kex', status: 'fail', cause: 'kex-mismatch', detail: session.failure.detail }, t);
    } else if (session) {
      const hostkey = checkHostKey(ctx, session);
      set(hostkey, t);
      if (hostkey.status === 'pass' || hostkey.status === 'warn')
        set(checkAuth(ctx, creds, session), t);
    }
  };

  let chain: Chain | undefined;
  if (hasChain(profile)) {
    const opened = await openDiagnosticChain(ctx, secrets);
    chain = opened.chain;
    for (const result of opened.results) set(result, t);
    if (opened.sock) await sessionChecks(opened.sock);
  } else await directChecks();

  async function directChecks(): Promise<void> {
    const dns = await checkDns(ctx);
    set(dns.result, t);
    let kexOk = false;
    if (dns.result.status === 'pass') {
      t = Date.now();
      const tcp = await checkTcp(ctx, dns.addresses);
      set(tcp.result, t);
      if (tcp.probe && tcp.address) {
        t = Date.now();
        const banner = await checkBanner(ctx, tcp.probe);
        if (banner.resetDuringSetup) {
          set(
            {
              id: 'tcp',
              status: 'fail',
              cause: 'tcp-reset',
              detail: `connected to ${hostPort(tcp.address, profile.port)}, then ${banner.resetDuringSetup}`,
              advice: tcpAdvice(ctx, 'tcp-reset'),
            },
            t,
          );
        }
        set(banner.result, t);
        if (banner.ok) {
          t = Date.now();
          const kex = await checkKex(ctx, tcp.probe);
          set(kex.result, t);
          kexOk = kex.ok;
        }
        tcp.probe.close();
      }
    }

    if (kexOk) await sessionChecks();
  }

  const client = session?.client;
  try {
    t = Date.now();
    const forwards = (await checkForwards(ctx, client)).result;
    set(explainRunningTunnel(forwards, runningOwner(profile, options.env ?? process.env)), t);
    t = Date.now();
    set((await checkTargets(ctx, client)).result, t);
  } finally {
    // The diagnosis must never leave a session (and its remote ports) behind.
    client?.end();
    chain?.close();
  }

  const checks = CHECK_IDS.map((id) => results.get(id) ?? blocked(id, results));
  const cause = selectCause(checks);
  const publicIp =
    cause && TCP_CAUSES.has(cause) && options.publicIpUrl
      ? await lookupPublicIp(options.publicIpUrl, Math.min(5_000, ctx.stepTimeoutMs))
      : undefined;
  return {
    profile: profile.id,
    checks,
    cause,
    adviceKeys: selectAdvice(cause, checks, { profile, publicIp }),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    log: ctx.log.map((line) => redact(line, secrets)),
    ...(publicIp ? { publicIp } : {}),
  };
}

/** A check that never ran says which earlier check stopped it. */
function blocked(id: CheckId, results: Map<CheckId, CheckResult>): CheckResult {
  const earlier = CHECK_IDS.slice(0, CHECK_IDS.indexOf(id));
  const failed = earlier.map((e) => results.get(e)).find((r) => r?.status === 'fail');
  return {
    id,
    status: 'skip',
    detail: failed
      ? `not run: the ${failed.id} check failed`
      : 'not run: an earlier check did not complete',
  };
}
