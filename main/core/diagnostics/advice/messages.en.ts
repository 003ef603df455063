/**
 * English texts of the troubleshooting catalogue. Keys are shared with the app's translations;
 * parameters use i18next's `{{name}}` syntax so the UI can load this object as a resource as is.
 */
export const EN = {
  'check.dns': 'Name lookup',
  'check.tcp': 'TCP connection',
  'check.banner': 'SSH server banner',
  'check.kex': 'Algorithms',
  'check.hostkey': 'Host key',
  'check.auth': 'Authentication',
  'check.forwards': 'Forwarded ports',
  'check.targets': 'Forward targets',

  'status.pass': 'OK',
  'status.fail': 'FAILED',
  'status.warn': 'WARNING',
  'status.skip': 'skipped',

  'cause.dns-not-found': 'The SSH host name does not resolve',
  'cause.tcp-refused': 'The connection is refused (nothing listens, or a firewall rejects it)',
  'cause.tcp-timeout':
    'No answer to the connection (a firewall drops it, wrong address, or allow-list)',
  'cause.tcp-reset': 'The connection is cut during set-up (firewall, or this IP is not allowed)',
  'cause.not-ssh': 'What answers on that port is not an SSH server',
  'cause.kex-mismatch': 'No encryption algorithm in common with the server',
  'cause.hostkey-unknown': 'The server’s host key is not trusted yet',
  'cause.hostkey-mismatch': 'The server’s host key has changed: possible interception',
  'cause.auth-rejected': 'The server refused every credential offered',
  'cause.key-locked': 'The private key is encrypted and no (or a wrong) passphrase was given',
  'cause.key-unreadable': 'The private key file is missing, unreadable or in an unknown format',
  'cause.agent-empty': 'The SSH agent holds no usable key',
  'cause.forward-refused': 'The server refused a forwarded port',
  'cause.local-port-in-use': 'A local port cannot be opened on this machine',
  'cause.target-unreachable': 'A forward’s target (e.g. the license server) does not answer',
  'cause.keepalive-timeout': 'The server stopped answering keepalives',
  'cause.connection-lost': 'The connection was lost after it was up',
  'cause.unknown': 'An unexpected error',
  'cause.none': 'Every check passed: the tunnel should work.',

  'dns.checkName':
    'Check the spelling of the host name "{{host}}" (copy it from the provider’s page or the batch script it generated).',
  'dns.checkNetwork':
    'Check that this machine can resolve internet names (DNS settings, proxy, VPN); try `nslookup {{host}}`.',
  'tcp.refused.checkPort':
    'Check the port: is {{port}} the SSH port the provider gives for {{host}}? It is 22 unless the provider’s page shows a custom SSH port (e.g. 443).',
  'tcp.outboundFirewall':
    'Ask your network team to allow outbound TCP to {{host}} port {{port}} from this machine (corporate firewall, gateway, Windows Defender Firewall).',
  'tcp.allowList.ip':
    'This site’s public IP is {{ip}}: make sure it (or its CIDR range) is in the provider’s “allowed IP / CIDR” list.',
  'tcp.allowList.find':
    'Make sure this site’s public IP is in the provider’s “allowed IP / CIDR” list. Find it with `nslookup myip.opendns.com resolver1.opendns.com` (Windows) or `curl ifconfig.me` (Linux/macOS).',
  'tcp.allowList.openTest':
    'To prove an allow-list problem, add 0.0.0.0/0 at the provider for a moment and run this diagnosis again; if it then connects, replace it with your real public IP.',
  'banner.wrongPort':
    '{{host}}:{{port}} answers like {{what}}. Check the SSH port on the provider’s page; a proxy or TLS inspection may also sit in between.',
  'kex.enable-legacy':
    'The server offers only old {{category}} algorithms ({{server}}). Tunnelkeeper can speak {{names}} but does not offer it by default because it is weaker. Best: ask the server’s administrator to enable a modern one. Until then, add to this profile: {{line}} (the same as OpenSSH’s {{option}}).',
  'kex.upgrade':
    'The server offers only {{server}} for {{category}}, none of which Tunnelkeeper speaks ({{client}}). Ask the server’s administrator to also enable a common algorithm, or update Tunnelkeeper.',
  'hostkey.mismatch':
    'Do not connect. The server presented {{keyType}} {{fingerprint}}, not the trusted key. Ask the provider whether {{host}} changed its key; only if they confirm this fingerprint, replace the pinned one.',
  'hostkey.confirm':
    'Compare the server’s fingerprint {{keyType}} {{fingerprint}} with the one the provider publishes; if they match, trust it (pin it in the profile or accept it once in the app).',
  'auth.keyMissing':
    'The key file {{path}} is missing: it may have been moved or deleted. Point the profile at the key pair you registered with the provider.',
  'auth.keyFormat':
    'The key file {{path}} cannot be read as a private key. Check that it is the private key (not the .pub file); `tunnelkeeper keys info` names its format.',
  'auth.keyLocked':
    'The key {{path}} is protected by a passphrase: set a passphrase file in the profile, or unlock the key in the Tunnelkeeper agent.',
  'auth.wrongPassphrase':
    'The passphrase for {{path}} is wrong: check the first line of the passphrase file.',
  'auth.agentEmpty':
    'The SSH agent holds no key: load the private key (Pageant: “Add Key”, OpenSSH: `ssh-add`, or the Tunnelkeeper agent). After a reboot the key must be loaded again.',
  'auth.secondFactor':
    'The server accepted the key but wants a second factor ({{methods}}). An unattended tunnel needs an account that accepts the key alone: ask the provider.',
  'auth.agentWrongKey':
    'The agent offered {{fingerprints}} and the server refused them: load the key whose public half is registered at the provider.',
  'auth.noPublickey':
    'The server does not accept public keys for this account (it allows: {{methods}}). Ask the provider to enable key login.',
  'auth.noCredential':
    'The profile offers no usable credential: set a key file or enable the agent.',
  'auth.checkUser':
    'Check the user name "{{user}}" for {{host}} (it is in the provider’s batch script, before the @).',
  'auth.comparePublicKey':
    'Compare the public key registered at the provider with this one, character for character (keys copied from Notepad often lose their first or last characters): {{publicKey}} — fingerprint {{fingerprint}}. Re-paste it if it differs.',
  'auth.ppkToOpenssh':
    '{{path}} is a PuTTY (.ppk) key. If the provider asks for OpenSSH format, convert it: `tunnelkeeper keys convert {{path}} --to openssh -o key.pem`.',
  'forward.runningNow':
    'This profile’s tunnel is running right now in Tunnelkeeper (pid {{pid}}, since {{since}}): its ports are busy because of it, which is expected. Stop it before testing the ports, or check its status instead.',
  'forward.localInUse':
    'Local port {{bind}} is taken on this machine: close the program using it (or a tunnel already running with this profile), or choose another port.',
  'forward.staleSession':
    'A previous session of this tunnel may still hold port {{port}} on the server (after a crash, sleep or network drop). Wait a few minutes for the server to drop it, then try again.',
  'forward.secondTunnel':
    'Make sure only one tunnel runs to this proxy: stop any other Tunnelkeeper, plink or ssh (e.g. an old Task Scheduler task) — the provider allows only one at a time.',
  'forward.clientAlive':
    'On a server you manage, set `ClientAliveInterval 15` and `ClientAliveCountMax 3` in sshd_config so dead sessions are dropped within a minute.',
  'forward.notPermitted':
    'The server does not let this account listen on port {{port}} (it is not in use there: forwarding is not permitted). Ask the provider to allow remote forwarding of that port (AllowTcpForwarding, PermitListen).',
  'forward.probablyNotPermitted':
    'The server refuses to listen on port {{port}}, most likely because it is not permitted for this account (SSH cannot say for sure; the port may also be taken on another address). Ask the provider to allow remote forwarding of that port (AllowTcpForwarding, PermitListen).',
  'target.resolve':
    '{{host}} does not resolve on this machine: the tunnel must run where the license server’s short name resolves (DNS or hosts file).',
  'target.prohibited':
    'The server does not allow forwarding to {{target}}: ask the server’s administrator.',
  'target.serviceDown':
    '{{target}} ({{label}}) does not answer: check that the license server is running and its service (lmgrd or rlm) is started, and that its firewall allows this machine.',
  'target.vendorPort':
    'If {{target}} is a vendor daemon port, it changes on every restart unless pinned: add port={{port}} to the VENDOR (FlexLM) or ISV (RLM) line of the license file, restart the license service, and keep the same port in the tunnel.',
  'target.licenseStatus':
    'On the license server, check the status (`lmutil lmstat -a -c <port>@<host>`, or the RLM web page) and that the license has not expired.',
  'generic.keepalive':
    'The link went silent: run the tunnel on an always-on machine (the license server), disable sleep, and check the network.',
  'generic.connectionLost':
    'The session dropped after it was up: Tunnelkeeper reconnects by itself; if it keeps happening, check the network path and the server’s logs.',
  'generic.unknown':
    'Unexpected error: {{detail}}. Export a diagnostic bundle and send it to support.',
};

export type MessageKey = keyof typeof EN;
