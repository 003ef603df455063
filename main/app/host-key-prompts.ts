import type { HostKeyDecision, HostKeyPrompt, TunnelSnapshot } from '../../contract';
import { CodedError } from './errors';
import type {
  ConfigRepository,
  DiagnosticsService,
  HostKeyConfirmations,
  PendingHostKey,
  TunnelService,
} from './ports';

const HOST_KEY_CAUSES = new Set(['hostkey-unknown', 'hostkey-mismatch']);

/**
 * PuTTY's "The server's host key is not cached" dialog, without blocking the tunnel engine: a
 * tunnel that failed on an untrusted key stays failed (unattended runs never hang on a
 * prompt) and main asks the window. With policy `ask` the engine holds the key back as a
 * confirmation, answered once or always (known_hosts). Otherwise main looks at the key the
 * server presents (one diagnostic connection) and "always" pins it in the profile, like
 * plink -hostkey. Either way the tunnel then starts again.
 */
export function createHostKeyPrompts(deps: {
  config: ConfigRepository;
  tunnels: TunnelService;
  diagnostics: DiagnosticsService;
  confirmations?: HostKeyConfirmations;
  ask(prompt: HostKeyPrompt): void;
}) {
  const pending = new Map<string, { prompt: HostKeyPrompt; held?: PendingHostKey }>();

  return {
    /** Call with each tunnel that entered `failed`. */
    async onFailed(tunnel: TunnelSnapshot): Promise<HostKeyPrompt | null> {
      if (!tunnel.cause || !HOST_KEY_CAUSES.has(tunnel.cause)) return null;
      const profile = deps.config.read().profiles.find((p) => p.id === tunnel.id);
      if (!profile) return null;
      const held = deps.confirmations?.pendingFor(profile.host, profile.port);
      const key = held ?? (await deps.diagnostics.presentedHostKey(tunnel.id));
      if (!key) return null;
      const previous = tunnel.cause === 'hostkey-mismatch' ? profile.hostKey.pinned[0] : undefined;
      const prompt: HostKeyPrompt = {
        tunnelId: tunnel.id,
        host: profile.host,
        port: profile.port,
        keyType: key.keyType,
        fingerprint: key.fingerprint,
        ...(previous ? { previousFingerprint: previous } : {}),
      };
      pending.set(tunnel.id, { prompt, ...(held ? { held } : {}) });
      deps.ask(prompt);
      return prompt;
    },

    async answer(tunnelId: string, decision: HostKeyDecision): Promise<void> {
      const entry = pending.get(tunnelId);
      if (!entry) throw new CodedError('not-found');
      const { prompt, held } = entry;
      if (decision === 'once' && !held) throw new CodedError('unsupported');
      pending.delete(tunnelId);
      if (held) {
        if (decision === 'cancel') held.reject();
        else {
          await held.confirm(decision);
          await deps.tunnels.start(tunnelId);
        }
        return;
      }
      if (decision === 'cancel') return;
      const document = deps.config.read();
      const profiles = document.profiles.map((p) =>
        p.id !== tunnelId
          ? p
          : // A changed key replaces the old trust; a new one joins it.
            {
              ...p,
              hostKey: {
                ...p.hostKey,
                pinned: prompt.previousFingerprint
                  ? [prompt.fingerprint]
                  : [...new Set([...p.hostKey.pinned, prompt.fingerprint])],
              },
            },
      );
      deps.config.write({ ...document, profiles });
      await deps.tunnels.start(tunnelId);
    },
  };
}
