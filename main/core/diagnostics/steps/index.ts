import type { Profile } from '../../config/profile';
import { hasChain } from '../../tunnels/chain';
import { bannerStep, dnsStep, kexStep, tcpStep } from './direct';
import { forwardsStep, targetsStep } from './forwards';
import { authStep, hostkeyStep } from './ssh-session';
import type { Step } from './step';
import { chainStep, sessionViaChainStep } from './via-chain';

/** Each list is in the spec's check order (../shared/spec/cli.md); never reorder. */
const DIRECT: Step[] = [
  dnsStep,
  tcpStep,
  bannerStep,
  kexStep,
  hostkeyStep,
  authStep,
  forwardsStep,
  targetsStep,
];

/** The chain decides dns and tcp in one go, and the session over it decides banner and kex. */
const VIA_CHAIN: Step[] = [
  chainStep,
  sessionViaChainStep,
  hostkeyStep,
  authStep,
  forwardsStep,
  targetsStep,
];

export function stepsFor(profile: Profile): Step[] {
  return hasChain(profile) ? VIA_CHAIN : DIRECT;
}

export { createState, releaseState, type RunState, type Step } from './step';
