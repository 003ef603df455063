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
  // ---- check details (CheckResult.detailKey): evidence lines; rendered in English they are
  // the `detail` the CLI has always printed. The words used inside them follow.
  'list.separator': '; ',
  'detail.raw': '{{raw}}',
  'detail.list': '{{items}}',
  'detail.failure': '{{raw}}',
  'detail.none': '(none)',
  'detail.unknown': '(unknown)',
  'detail.needsSession': 'needs an SSH session',
  'detail.skip.failed': 'not run: the {{check}} check failed',
  'detail.skip.incomplete': 'not run: an earlier check did not complete',
  'detail.dns.ip': '{{host}} is an IP address (no lookup needed)',
  'detail.dns.resolved': '{{host}} → {{addresses}}',
  'detail.dns.notFound': '{{host}} does not resolve ({{code}})',
  'detail.tcp.connected': 'connected to {{address}} in {{ms}} ms',
  'detail.tcp.failed': '{{address}}: {{reason}} [{{code}}]',
  'detail.tcp.noAddress': 'no address to connect to',
  'detail.tcp.refused': 'connection refused (nothing listens there, or a firewall rejects)',
  'detail.tcp.timeout': 'no answer (a firewall drops the packets, or the address is wrong)',
  'detail.tcp.reset': 'connection reset (a firewall or the server cut it)',
  'detail.tcp.unreachable': 'no route to the host',
  'detail.tcp.blocked': 'blocked on this machine (local firewall or policy)',
  'detail.tcp.other': 'failed',
  'detail.tcp.cutAfterConnect': 'connected to {{address}}, then {{what}}',
  'detail.tcp.closedBeforeBanner': 'the server closed the connection before sending an SSH banner',
  'detail.tcp.resetBeforeBanner': 'the connection was reset before the SSH banner [{{code}}]',
  'detail.banner.ok': '{{banner}}',
  'detail.banner.okAfterText': '{{banner}} (after {{lines}} text lines)',
  'detail.banner.ssh1': '{{banner}}: SSH protocol 1 only, which Tunnelkeeper does not speak',
  'detail.banner.other': '{{host}}:{{port}} answered like {{what}}, not SSH: {{excerpt}}',
  'detail.banner.silent':
    'connected, but nothing answered in {{ms}} ms (an SSH server speaks first; a proxy or TLS service waits)',
  'detail.banner.closed': 'the connection was closed before the banner',
  'detail.banner.reset': 'the connection was reset before the banner',
  'detail.kex.unreadable':
    "could not read the server's algorithm list (KEXINIT); the session will tell",
  'detail.kex.mismatch':
    'no {{category}} algorithm in common — server offers: {{server}}; Tunnelkeeper offers: {{client}}',
  'detail.kex.agreed': 'would use {{kex}}, host key {{hostKey}}, cipher {{cipher}}',
  'detail.hostkey.mismatch':
    'the server presented {{keyType}} {{fingerprint}}, which differs from {{trusted}}',
  'detail.hostkey.unknown':
    'the server presented {{keyType}} {{fingerprint}}; trusted: {{trusted}}',
  'detail.hostkey.new':
    '{{keyType}} {{fingerprint}} is new; policy accept-new records it on the first connection',
  'detail.hostkey.ok': '{{keyType}} {{fingerprint}} matches {{trusted}}',
  'detail.hostkey.ended': 'the SSH handshake ended before the host key: {{raw}}',
  'detail.hostkey.endedNoReason': 'the SSH handshake ended before the host key: no reason given',
  'detail.hostkey.trustUnreadable': 'cannot check the host key: {{raw}}',
  'detail.auth.accepted': 'accepted {{credential}}',
  'detail.auth.acceptedWithout': 'accepted without credentials',
  'detail.auth.rejected': 'server allows: {{methods}}; tried: {{tried}}',
  'detail.auth.rejectedPartial':
    'server allows: {{methods}}; tried: {{tried}}; partial success: the server wants another factor',
  'detail.auth.attempt': '{{credential}} → {{result}}',
  'detail.auth.withKeys': '{{credential}} [{{fingerprints}}]',
  'detail.auth.key': 'key {{path}}',
  'detail.auth.agent': 'agent {{socket}}',
  'detail.auth.password': 'stored password',
  'detail.auth.nothingOffered': 'nothing offered',
  'detail.auth.notAllowed': 'the server does not allow {{method}}',
  'detail.auth.keyNotUsable': 'key {{path}} not usable: {{raw}}',
  'detail.auth.agentEmpty': 'agent {{socket}} holds no keys',
  'detail.auth.agentUnavailable': 'agent not available: {{raw}}',
  'detail.auth.agentNoAnswer': 'agent not available: no answer',
  'detail.auth.agentBuiltin':
    'agent not available: Tunnelkeeper’s built-in agent holds its keys in the running app or `up` only',
  'detail.auth.agentUnset': 'agent not available: no agent configured (SSH_AUTH_SOCK unset)',
  'detail.auth.passwordUnreadable':
    'a stored password is configured but could not be read here (only the app can)',
  'detail.forward.none': 'the profile has no forwards',
  'detail.forward.allSkipped': 'remote binds need an SSH session',
  'detail.forward.line': '{{type}} {{id}} {{bind}}: {{result}}',
  'detail.forward.lineConfidence':
    '{{type}} {{id}} {{bind}}: {{result}} [confidence: {{confidence}}]',
  'detail.forward.remoteOk': 'the server accepted the bind (released again)',
  'detail.forward.inUse':
    'refused: port {{port}} is already in use on the server (something accepts connections there — a stale session of ours or a second tunnel)',
  'detail.forward.portRefused':
    'refused: the server lets us listen on other ports (tried {{other}}) but not on {{port}}; nothing answers there, so it is probably not allowed by the server (PermitListen) or bound on another address',
  'detail.forward.notPermitted':
    'refused: the server refuses every remote bind (a server-chosen port too): forwarding this port is not permitted for this account (AllowTcpForwarding / PermitListen)',
  'detail.forward.notPermittedNothingListens':
    'refused: the server refuses every remote bind (a server-chosen port too) and nothing listens on the port: forwarding this port is not permitted for this account (AllowTcpForwarding / PermitListen)',
  'detail.forward.localFailed': '{{reason}} [{{code}}]',
  'detail.forward.localInUse':
    'already in use on this machine (another program, or this tunnel already running)',
  'detail.forward.localDenied': 'not allowed on this machine (privileged or reserved port)',
  'detail.forward.localNotHere': 'the bind address is not one of this machine’s',
  'detail.forward.localFree': 'free on this machine (bound and released)',
  'detail.forward.runningNow': "this profile's tunnel is running now (pid {{pid}} on {{host}})",
  'detail.target.none': 'no forward has a fixed target',
  'detail.target.line': '{{target}} ({{label}}, from {{from}}): {{result}}',
  'detail.target.fromHere': 'this machine',
  'detail.target.fromServer': 'the server',
  'detail.target.answers': 'answers',
  'detail.target.answersViaServer': 'answers (through the server)',
  'detail.target.failed': '{{reason}} [{{code}}]',
  'detail.target.refused':
    'refused: nothing listens on that port (service stopped, or the port changed)',
  'detail.target.timeout': 'no answer (host down, or a firewall drops it)',
  'detail.target.notFound': 'the host name does not resolve on this machine',
  'detail.target.dnsDown': 'the host name could not be resolved (DNS not answering)',
  'detail.target.noRoute': 'no route to the host',
  'detail.target.other': 'failed',
  'detail.target.prohibited':
    'the server does not allow forwarding to it (administratively prohibited)',
  'detail.target.serverFailed': 'the server could not connect to it ({{raw}})',
  'detail.chain.hop': 'hop {{n}} ({{address}})',
  'detail.chain.proxy': 'proxy ({{type}} proxy {{address}})',
  'detail.chain.proxyType': '{{type}} proxy',
  'detail.chain.target': 'target ({{address}})',
  'detail.chain.whole': 'the chain',
  'detail.chain.path': '{{from}} → {{to}}',
  'detail.chain.passed': '{{hop}}: passed (the {{check}} step failed)',
  'detail.chain.timeout': 'the chain ({{chain}}) did not open within {{ms}} ms',
  'detail.chain.resolved': '{{target}}: resolved by the last hop (via {{chain}})',
  'detail.chain.reached': '{{target}}: reached via {{chain}}; every hop verified and authenticated',
  'detail.chain.banner': 'an SSH server answered through the chain',
  'detail.chain.kex': 'key exchange agreed through the chain',
  'detail.chain.failure': '{{where}}: {{raw}}',

  'trust.pinned': 'pinned {{fingerprints}}',
  'trust.knownHosts': 'known_hosts {{path}}',
  'trust.none': 'nothing (no pinned fingerprint, no known_hosts file)',
  'hostkey.anyType': 'key',
  'attempt.rejected': 'rejected',
  'attempt.accepted': 'accepted',
  'attempt.partial': 'partial',
  'attempt.not-offered': 'not-offered',
  'keyProblem.key-unreadable': 'missing, unreadable or in an unknown format',
  'keyProblem.key-locked': 'encrypted, and no passphrase was given',
  'keyProblem.wrong-passphrase': 'wrong passphrase',
  'keyProblem.corrupt': 'damaged (the checksum or the key parts do not match)',
  'keyProblem.unsupported': 'a format or key type Tunnelkeeper cannot use',
  'forwardType.local': 'local',
  'forwardType.remote': 'remote',
  'forwardType.dynamic': 'dynamic',
  'proxyType.http': 'http',
  'proxyType.socks5': 'socks5',
  'proxyType.socks4a': 'socks4a',
  'confidence.high': 'high',
  'confidence.medium': 'medium',
  'confidence.low': 'low',
  'kexCategory.kex': 'key exchange',
  'kexCategory.hostKey': 'host key',
  'kexCategory.cipher': 'cipher',
  'kexCategory.mac': 'MAC',
  'kexCategory.compression': 'compression',
  'what.tls': 'a TLS server (HTTPS, FTPS, ...)',
  'what.http': 'an HTTP server',
  'what.ftpSmtp': 'an FTP or SMTP server',
  'what.mail': 'a mail server (POP3/IMAP)',
  'what.vnc': 'a VNC server',
  'what.text': 'a server that is not SSH',
  'what.binary': 'a binary protocol that is not SSH',
  'what.silent': 'a silent service',
  'license.1055': 'ANSYS license (FlexLM)',
  'license.2325': 'ANSYS licensing interconnect',
  'license.1999': 'STAR-CCM+ license (FlexLM)',
  'license.1718': 'COMSOL license (FlexLM)',
  'license.2765': 'CONVERGE license (RLM)',
  'license.5053': 'RLM license',
  'license.31010': 'LS-DYNA license (LSTC)',
  'license.flexlm': 'FlexLM license (e.g. Abaqus)',
  'label.none': 'no label',
};

export type MessageKey = keyof typeof EN;
