import type { Duplex } from 'node:stream';
import type { Chain } from '../../tunnels/chain';
import type { DiagContext } from '../context';
import type { CredentialState } from '../credentials';
import type { RawProbe } from '../probe';
import type { SessionOutcome } from '../session';
import type { CheckId, CheckResult } from '../types';

/** The SSH session the hostkey and auth checks judge, with what it was opened with. */
export interface OpenedSession {
  outcome: SessionOutcome;
  creds: CredentialState;
  startedAt: number;
}

/**
 * What earlier steps found and what later ones build on. Everything that holds a connection
 * open lives here, so the run can let go of all of it in one place (releaseState).
 */
export interface RunState {
  /** Passwords met on the way: the protocol log is scrubbed of them. */
  secrets: string[];
  addresses: string[];
  /** The raw conversation the tcp step opened; banner and kex read it, then hang it up. */
  probe?: RawProbe;
  address?: string;
  chain?: Chain;
  /** The stream to the final host, once every hop of the chain is up. */
  sock?: Duplex;
  session?: OpenedSession;
}

export interface Step {
  /** The check this step decides. It may also settle or correct others (see the steps). */
  id: CheckId;
  /** The check that must have passed (or only warned) for this step to be worth running. */
  needs?: CheckId;
  /**
   * The handshake is the evidence of a check judged from an open session, so its duration
   * counts from the session's start rather than from the (instant) judging.
   */
  timedFromSession?: true;
  run(ctx: DiagContext, state: RunState): Promise<CheckResult[]>;
}

export function createState(): RunState {
  return { secrets: [], addresses: [] };
}

/** The diagnosis must never leave a session (and its remote ports) or a socket behind. */
export function releaseState(state: RunState): void {
  state.probe?.close();
  state.session?.outcome.client?.end();
  state.chain?.close();
}
