import os from 'node:os';
import {
  LOOPBACK,
  ProfileSchema,
  profileWarnings,
  type ForwardInput,
  type Profile,
  type ProfileInput,
} from '../config/profile';
import { slug, uniqueId } from './ids';
import type { Draft, ImportOptions, ImportWarning } from './types';

/**
 * Drafts → validated profiles: names, ids (unique against `takenIds`), forward ids, defaults.
 * Every warning is stamped with the id of the profile it concerns.
 */
export interface ImportResult {
  profiles: Profile[];
  warnings: ImportWarning[];
}

const FORWARD_PREFIX = { local: 'L', remote: 'R', dynamic: 'D' } as const;

/** The user ssh would log in as when none is given: the local account name. */
export function localUserName(options: ImportOptions): string {
  if (options.localUser) return options.localUser;
  try {
    return os.userInfo().username || 'user';
  } catch {
    return 'user';
  }
}

export function finalizeDrafts(
  drafts: readonly Draft[],
  fileWarnings: readonly ImportWarning[],
  options: ImportOptions,
  takenIds: Iterable<string> = [],
): ImportResult {
  const taken = new Set(takenIds);
  const profiles: Profile[] = [];
  const warnings: ImportWarning[] = [...fileWarnings];
  for (const draft of drafts) {
    const host = draft.host as string;
    const own: ImportWarning[] = [...draft.warnings];
    let user = draft.user;
    if (!user) {
      user = localUserName(options);
      own.push({
        code: 'user-defaulted',
        message: `no user name was given for ${host}; "${user}" (the local user, as ssh would use) was filled in: check it`,
        ...(draft.line ? { line: draft.line } : {}),
      });
    }
    const name = draft.name ?? `${user}@${host}`;
    const id = uniqueId(slug(name), taken);
    const forwardIds = new Set<string>();
    const forwards: ForwardInput[] = draft.forwards.map((f) => {
      // `-R port:host:port` asks the server for its default (see SERVER_DEFAULT_BIND); -g only
      // widens local listeners, as in OpenSSH.
      const bindAddress =
        f.bindAddress ?? (f.type === 'remote' ? undefined : draft.gatewayPorts ? '*' : LOOPBACK);
      const base = {
        id: uniqueId(`${FORWARD_PREFIX[f.type]}${f.bindPort}`, forwardIds),
        ...(f.label ? { label: f.label } : {}),
        ...(bindAddress !== undefined ? { bindAddress } : {}),
        bindPort: f.bindPort,
      };
      return f.type === 'dynamic'
        ? { type: 'dynamic', ...base }
        : {
            type: f.type,
            ...base,
            targetHost: f.targetHost as string,
            targetPort: f.targetPort as number,
          };
    });
    const jumps = (draft.jumps ?? []).map((hop) => {
      let hopUser = hop.user;
      if (!hopUser) {
        // ssh logs in to a jump host as the local user unless told otherwise.
        hopUser = localUserName(options);
        own.push({
          code: 'user-defaulted',
          message: `no user name was given for the jump host ${hop.host}; "${hopUser}" (the local user, as ssh would use) was filled in: check it`,
          ...(draft.line ? { line: draft.line } : {}),
        });
      }
      const keyFile = hop.keyFile ?? draft.keyFile;
      // Each hop gets the profile's credentials and host-key policy (never its pins: those are
      // the target's keys); the admin can give a hop its own in the profile.
      return {
        host: hop.host,
        ...(hop.port ? { port: hop.port } : {}),
        user: hopUser,
        auth: {
          agent: draft.agent ?? true,
          ...(keyFile ? { keyFile } : {}),
          ...(draft.agentSocket ? { agentSocket: draft.agentSocket } : {}),
        },
        hostKey: {
          pinned: [],
          ...(draft.knownHostsFile ? { knownHostsFile: draft.knownHostsFile } : {}),
          ...(draft.policy ? { policy: draft.policy } : {}),
        },
        keepalive: {
          ...(draft.intervalSeconds ? { intervalSeconds: draft.intervalSeconds } : {}),
          ...(draft.countMax ? { countMax: draft.countMax } : {}),
        },
      };
    });
    const input: ProfileInput = {
      id,
      name,
      // What was imported is a tunnel someone ran unattended (cli.md: autostart defaults to
      // true for a profile written by import): the engine starts it.
      autostart: true,
      host,
      ...(draft.port ? { port: draft.port } : {}),
      user,
      auth: {
        agent: draft.agent ?? true,
        ...(draft.keyFile ? { keyFile: draft.keyFile } : {}),
        ...(draft.agentSocket ? { agentSocket: draft.agentSocket } : {}),
      },
      hostKey: {
        pinned: [...new Set(draft.pinned)],
        ...(draft.knownHostsFile ? { knownHostsFile: draft.knownHostsFile } : {}),
        ...(draft.policy ? { policy: draft.policy } : {}),
      },
      keepalive: {
        ...(draft.intervalSeconds ? { intervalSeconds: draft.intervalSeconds } : {}),
        ...(draft.countMax ? { countMax: draft.countMax } : {}),
      },
      ...(draft.algorithms ? { algorithms: { ...draft.algorithms } } : {}),
      ...(jumps.length ? { jumps } : {}),
      ...(draft.proxy ? { proxy: { ...draft.proxy } } : {}),
      verbose: draft.verbose ?? false,
      forwards,
      ...(draft.notes ? { notes: draft.notes } : {}),
    };
    const parsed = ProfileSchema.safeParse(input);
    if (!parsed.success) {
      taken.delete(id);
      warnings.push({
        code: 'invalid-profile',
        message: `${name} was skipped: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        ...(draft.line ? { line: draft.line } : {}),
      });
      continue;
    }
    profiles.push(parsed.data);
    for (const w of own) warnings.push({ ...w, profile: id });
    for (const w of profileWarnings(parsed.data))
      warnings.push({
        code: w.code,
        message: w.message,
        profile: id,
        ...(w.forward ? { forward: w.forward } : {}),
      });
  }
  return { profiles, warnings };
}
