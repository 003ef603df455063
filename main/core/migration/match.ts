import type { Forward, Profile } from '../config/profile';
import { formatForwardSpec } from '../imports/forward-spec';

/**
 * Which Tunnelkeeper profiles a runner found on the machine duplicates. The provider's rule is
 * one tunnel to a proxy at a time; a second one breaks the proxy.
 *
 * A runner "runs the same tunnel" as a profile when it logs in to the same SSH server as the
 * same user — host (case-insensitive, as DNS names are), port and user — and at least one of its
 * forwards is identical: same type, same listening port, same target host (case-insensitive) and
 * port. The bind address is not compared: `-R 4085:licsrv:4085` and `-R 0.0.0.0:4085:licsrv:4085`
 * claim the same port on the proxy. The overlapping forwards are listed with the profile's own
 * forward ids, so the app can say which licenses are served twice.
 *
 * A runner that reaches the same server (host and port) without such a forward is reported in
 * `sameServer`: not the same tunnel, but a second connection to the provider's proxy all the same,
 * which the admin should look at before starting Tunnelkeeper's.
 */
export interface ForwardOverlap {
  /** The forward's id in the Tunnelkeeper profile. */
  forwardId: string;
  type: Forward['type'];
  bindPort: number;
  targetHost?: string;
  targetPort?: number;
  /** As ssh/plink would write it: `-R 4085:licsrv:4085`. */
  spec: string;
}

export interface RunnerMatch {
  profileId: string;
  /** The runner's own profile (draft) that matched. */
  runnerProfileId: string;
  forwards: ForwardOverlap[];
}

export interface MatchedRunner {
  matches: RunnerMatch[];
  /** Profiles on the same SSH server (host and port) that share no forward with the runner. */
  sameServer: string[];
}

const LETTER = { local: 'L', remote: 'R', dynamic: 'D' } as const;
const norm = (host: string): string => host.trim().replace(/\.$/, '').toLowerCase();

export function sameServer(a: Profile, b: Profile): boolean {
  return norm(a.host) === norm(b.host) && a.port === b.port;
}

export function sameLogin(a: Profile, b: Profile): boolean {
  return sameServer(a, b) && a.user === b.user;
}

export function sameForward(a: Forward, b: Forward): boolean {
  if (a.type !== b.type || a.bindPort !== b.bindPort) return false;
  if (a.type === 'dynamic' || b.type === 'dynamic') return true;
  return norm(a.targetHost) === norm(b.targetHost) && a.targetPort === b.targetPort;
}

export function overlappingForwards(profile: Profile, runner: Profile): ForwardOverlap[] {
  return profile.forwards
    .filter((f) => runner.forwards.some((r) => sameForward(f, r)))
    .map((f) => ({
      forwardId: f.id,
      type: f.type,
      bindPort: f.bindPort,
      ...(f.type !== 'dynamic' ? { targetHost: f.targetHost, targetPort: f.targetPort } : {}),
      spec: `-${LETTER[f.type]} ${formatForwardSpec({
        type: f.type,
        bindPort: f.bindPort,
        ...(f.type !== 'dynamic' ? { targetHost: f.targetHost, targetPort: f.targetPort } : {}),
      })}`,
    }));
}

/** Each runner with the profiles it duplicates; the runners' other fields are kept. */
export function matchRunners<R extends { profiles: readonly Profile[] }>(
  profiles: readonly Profile[],
  runners: readonly R[],
): (R & MatchedRunner)[] {
  return runners.map((runner) => {
    const matches: RunnerMatch[] = [];
    const near = new Set<string>();
    for (const profile of profiles) {
      let matched = false;
      for (const draft of runner.profiles) {
        if (!sameServer(profile, draft)) continue;
        const forwards = sameLogin(profile, draft) ? overlappingForwards(profile, draft) : [];
        if (forwards.length > 0) {
          matches.push({ profileId: profile.id, runnerProfileId: draft.id, forwards });
          matched = true;
        }
      }
      if (!matched && runner.profiles.some((d) => sameServer(profile, d))) near.add(profile.id);
    }
    return { ...runner, matches, sameServer: [...near] };
  });
}
