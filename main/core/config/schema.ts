import { z } from 'zod';
import { AlertAfterMinutesSchema, AlertsSchema } from '../alerts/schema';
import { ALGORITHM_CATEGORIES, ALGORITHM_TABLE, resolveAlgorithmList } from './algorithms';

/**
 * The config document, version 1: the one JSON shape the app stores and `up` reads.
 * Defaults live here so every reader (app, CLI, importers) sees the same effective profile.
 * Profiles and forwards are strict (a typo is an error, not a silently ignored field); the
 * document itself is loose so other parts of the app can keep their settings next to it.
 */
export const CONFIG_VERSION = 1;

const Port = z.int().min(1).max(65535);
/** 0 asks the OS (local) or the server (remote) to choose. */
const BindPort = z.int().min(0).max(65535);
const Text = z.string().min(1);

/** OpenSSH's `SHA256:<base64 without padding>`, or a legacy MD5 colon-hex form as plink prints. */
export const FINGERPRINT_PATTERN =
  /^(SHA256:[A-Za-z0-9+/]{43}=?|(MD5:)?[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){15})$/;

export const LOOPBACK = '127.0.0.1';
/**
 * What a remote forward without an address asks the server for: OpenSSH's own choice
 * (channels.c sends "localhost"), so sshd listens on loopback in both families unless it sets
 * GatewayPorts=yes. Not '': under GatewayPorts=clientspecified that means every interface.
 */
export const SERVER_DEFAULT_BIND = 'localhost';

/** The address a forward listens on (a remote one without an address: the server's default). */
export function bindAddressOf(forward: { bindAddress?: string }): string {
  return forward.bindAddress ?? SERVER_DEFAULT_BIND;
}
/** Bind addresses that expose a forward to the whole network: allowed, but flagged. */
export const ALL_INTERFACES = ['0.0.0.0', '::', '*', ''] as const;

const forwardCommon = {
  id: Text.describe('Unique within the profile; names the forward in events and logs.'),
  label: z.string().optional().describe('What the forward is for, e.g. "ANSYS license".'),
  bindAddress: z
    .string()
    .default(LOOPBACK)
    .describe('Listen address. 0.0.0.0, :: or * expose the port to the network (warned).'),
  bindPort: BindPort,
};

export const LocalForwardSchema = z.strictObject({
  type: z.literal('local'),
  ...forwardCommon,
  targetHost: Text.describe('Host the SSH server connects to.'),
  targetPort: Port,
});

export const RemoteForwardSchema = z.strictObject({
  type: z.literal('remote'),
  ...forwardCommon,
  bindAddress: z
    .string()
    .optional()
    .describe(
      "Address the server listens on. Absent: the server's default, as `ssh -R` and plink ask " +
        'for it (loopback on both IPv4 and IPv6 unless the server sets GatewayPorts).',
    ),
  targetHost: Text.describe('Host this machine connects to, e.g. the license server.'),
  targetPort: Port,
});

export const DynamicForwardSchema = z.strictObject({
  type: z.literal('dynamic'),
  ...forwardCommon,
});

export const ForwardSchema = z.discriminatedUnion('type', [
  LocalForwardSchema,
  RemoteForwardSchema,
  DynamicForwardSchema,
]);

export const AuthSchema = z
  .strictObject({
    keyFile: Text.optional().describe('Private key file (OpenSSH, PEM, PPK ...).'),
    passphraseFile: Text.optional().describe('File whose first line is the key passphrase.'),
    agent: z.boolean().default(false).describe('Offer the keys of the running SSH agent.'),
    agentSocket: Text.optional().describe(
      'Agent socket or pipe, or "tunnelkeeper" for the built-in agent; default: the built-in agent when it holds a key, else SSH_AUTH_SOCK, Pageant, \\\\.\\pipe\\openssh-ssh-agent.',
    ),
    passwordRef: Text.optional().describe(
      'Name of a password kept in the OS secret store (env:NAME reads an environment variable). Never the password itself.',
    ),
    // Optional rather than default(false): existing documents and parsed profiles stay as they were.
    unlockAtStart: z
      .boolean()
      .optional()
      .describe(
        'Unlock keyFile in the built-in agent when Tunnelkeeper starts (headless: from passphraseFile). Default false.',
      ),
  })
  .default({ agent: false });

export const HostKeySchema = z
  .strictObject({
    pinned: z
      .array(z.string().regex(FINGERPRINT_PATTERN, 'expected SHA256:<base64> or an MD5 hex'))
      .default([])
      .describe('Trusted host-key fingerprints (plink -hostkey). Any match is accepted.'),
    knownHostsFile: Text.optional().describe('known_hosts file in OpenSSH format.'),
    policy: z
      .enum(['strict', 'accept-new', 'ask'])
      .default('strict')
      .describe(
        'accept-new records an unknown key on first use; strict refuses it; ask stops the tunnel (hostkey-unknown) until the user confirms the key.',
      ),
  })
  .default({ pinned: [], policy: 'strict' });

/** Defaults declare a dead link after (countMax + 1) × interval = 20 s (spec: within 30 s). */
export const KeepaliveSchema = z
  .strictObject({
    intervalSeconds: z.number().min(0.1).max(3600).default(5),
    countMax: z.int().min(1).max(100).default(3),
  })
  .default({ intervalSeconds: 5, countMax: 3 });

/** Retry timing; the defaults suit production, tests shorten them. */
export const ReconnectSchema = z
  .strictObject({
    minDelaySeconds: z.number().min(0.05).max(3600).default(1),
    maxDelaySeconds: z.number().min(0.1).max(86400).default(60),
    stableSeconds: z.number().min(0.1).max(86400).default(60),
    readyTimeoutSeconds: z.number().min(1).max(600).default(20),
  })
  .default({ minDelaySeconds: 1, maxDelaySeconds: 60, stableSeconds: 60, readyTimeoutSeconds: 20 });

/**
 * Algorithm overrides for old servers, in OpenSSH syntax per category ("+aes256-cbc" adds to the
 * defaults, "-…" removes, "^…" puts first, a plain list replaces); see algorithms.ts.
 */
const ALGORITHM_EXAMPLE = {
  kex: '+diffie-hellman-group14-sha1',
  cipher: '+aes256-cbc',
  hmac: '+hmac-sha1-96',
  serverHostKey: '+ssh-dss',
} as const;

export const AlgorithmsSchema = z
  .strictObject(
    Object.fromEntries(
      ALGORITHM_CATEGORIES.map((c) => [
        c,
        z
          .string()
          .optional()
          .describe(`Like OpenSSH ${ALGORITHM_TABLE[c].option}, e.g. "${ALGORITHM_EXAMPLE[c]}".`),
      ]),
    ) as Record<(typeof ALGORITHM_CATEGORIES)[number], z.ZodOptional<z.ZodString>>,
  )
  .superRefine((spec, ctx) => {
    for (const c of ALGORITHM_CATEGORIES) {
      const text = spec[c];
      if (text === undefined) continue;
      const r = resolveAlgorithmList(c, text);
      if (!r.ok) ctx.addIssue({ code: 'custom', path: [c], message: r.message });
    }
  });

/** A host name, an IPv4 address or an IPv6 literal (bare `::1` or bracketed `[::1]`). */
const Host = Text.describe('Host name or address; IPv6 as ::1 or [::1].');

/**
 * One SSH server the connection goes through before the profile's host (`ssh -J`, PuTTY's
 * "SSH proxy"). Each hop has its own account, credentials, host-key trust and keepalive: it is
 * a full SSH session whose `direct-tcpip` channel carries the next hop.
 */
export const JumpHostSchema = z.strictObject({
  host: Host,
  port: Port.default(22),
  user: Text,
  auth: AuthSchema,
  hostKey: HostKeySchema,
  keepalive: KeepaliveSchema,
  algorithms: AlgorithmsSchema.optional(),
});

/**
 * The outbound proxy the first hop's TCP connection goes through. The password is a reference to
 * the OS secret store, never the secret itself (like `auth.passwordRef`).
 */
export const ProxySchema = z.strictObject({
  type: z
    .enum(['http', 'socks5', 'socks4a'])
    .describe('http = HTTP CONNECT; socks5 (RFC 1928/1929); socks4a (user id only).'),
  host: Host,
  port: Port,
  user: Text.optional().describe('Proxy user (HTTP basic auth, SOCKS5 user, SOCKS4a user id).'),
  passwordRef: Text.optional().describe(
    'Name of the proxy password kept in the OS secret store. Never the password itself.',
  ),
});

export const ProfileSchema = z
  .strictObject({
    id: Text.describe('Unique within the document.'),
    name: Text,
    host: Text,
    port: Port.default(22),
    user: Text,
    auth: AuthSchema,
    hostKey: HostKeySchema,
    keepalive: KeepaliveSchema,
    algorithms: AlgorithmsSchema.optional().describe(
      'Only for servers that speak nothing newer (old appliances): OpenSSH-style lists.',
    ),
    jumps: z
      .array(JumpHostSchema)
      .optional()
      .describe('Jump hosts, first to last, before the profile host (ssh -J).'),
    proxy: ProxySchema.optional().describe('Outbound proxy for the first hop.'),
    reconnect: ReconnectSchema,
    autostart: z.boolean().default(false),
    verbose: z.boolean().default(false).describe('Keep the SSH protocol log (like plink -v).'),
    forwards: z.array(ForwardSchema).default([]),
    notes: z.string().optional(),
    alertAfterMinutes: AlertAfterMinutesSchema,
  })
  .superRefine((profile, ctx) => {
    const seen = new Set<string>();
    profile.forwards.forEach((forward, index) => {
      if (seen.has(forward.id))
        ctx.addIssue({
          code: 'custom',
          path: ['forwards', index, 'id'],
          message: `duplicate forward id "${forward.id}"`,
        });
      seen.add(forward.id);
    });
  });

export const ConfigDocumentSchema = z
  .looseObject({
    $schema: z.string().optional(),
    version: z.literal(CONFIG_VERSION),
    profiles: z.array(ProfileSchema),
    alerts: AlertsSchema.optional().describe(
      'Messages when a tunnel stays down and when it is back up (webhook and/or e-mail).',
    ),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.profiles.forEach((profile, index) => {
      if (seen.has(profile.id))
        ctx.addIssue({
          code: 'custom',
          path: ['profiles', index, 'id'],
          message: `duplicate profile id "${profile.id}"`,
        });
      seen.add(profile.id);
    });
  });

export type Forward = z.infer<typeof ForwardSchema>;
export type LocalForward = z.infer<typeof LocalForwardSchema>;
export type RemoteForward = z.infer<typeof RemoteForwardSchema>;
export type DynamicForward = z.infer<typeof DynamicForwardSchema>;
export type ForwardType = Forward['type'];
export type Profile = z.infer<typeof ProfileSchema>;
export type JumpHost = z.infer<typeof JumpHostSchema>;
export type ProxyConfig = z.infer<typeof ProxySchema>;
export type JumpHostInput = z.input<typeof JumpHostSchema>;
/** What a writer may omit (defaults filled in on parse), e.g. an importer's output. */
export type ProfileInput = z.input<typeof ProfileSchema>;
export type ForwardInput = z.input<typeof ForwardSchema>;
export type ConfigDocument = z.infer<typeof ConfigDocumentSchema>;
export type ConfigDocumentInput = z.input<typeof ConfigDocumentSchema>;
