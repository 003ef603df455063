import type { Cause } from '../../causes';
import type { DiagContext } from '../context';
import type { CredentialState } from '../credentials';
import type { AuthAttempt, SessionOutcome } from '../session';
import type { AdviceItem, CheckResult } from '../types';

/** "key C:\\id [SHA256:…]", "agent … [SHA256:…, …]", "stored password". */
function nameAttempt(a: AuthAttempt): string {
  return a.fingerprints.length ? `${a.label} [${a.fingerprints.join(', ')}]` : a.label;
}

function describeAttempts(session: SessionOutcome): string {
  const tried = session.auth.attempts.map((a) => `${nameAttempt(a)} → ${a.note ?? a.result}`);
  return tried.length ? tried.join('; ') : 'nothing offered';
}

function describeCreds(creds: CredentialState): string[] {
  const out: string[] = [];
  const key = creds.key;
  if (key?.problem) out.push(`key ${key.path} not usable: ${key.problem.message}`);
  const agent = creds.agent;
  if (agent && agent.status !== 'ok')
    out.push(
      agent.status === 'empty'
        ? `agent ${agent.socket} holds no keys`
        : `agent not available: ${agent.error ?? agent.status}`,
    );
  // The reference is only a name, but support bundles carry this detail: say no more than needed.
  if (creds.passwordRef && creds.password === undefined)
    out.push('a stored password is configured but could not be read here (only the app can)');
  return out;
}

/** Chooses the cause of a refused login: the credential we could not even offer comes first. */
function authCause(creds: CredentialState): Cause {
  const problem = creds.key?.problem;
  if (problem)
    return problem.code === 'key-locked' || problem.code === 'wrong-passphrase'
      ? 'key-locked'
      : 'key-unreadable';
  const agent = creds.agent;
  if (agent && agent.status !== 'ok' && !creds.key?.loaded) return 'agent-empty';
  return 'auth-rejected';
}

function authAdvice(
  ctx: DiagContext,
  creds: CredentialState,
  session: SessionOutcome,
  cause: Cause,
): AdviceItem[] {
  const key = creds.key;
  const advice: AdviceItem[] = [];
  const path = key?.path ?? '';
  if (cause === 'key-unreadable') {
    if (key?.format === 'missing') advice.push({ key: 'auth.keyMissing', params: { path } });
    else advice.push({ key: 'auth.keyFormat', params: { path } });
  }
  if (cause === 'key-locked')
    advice.push({
      key: key?.problem?.code === 'wrong-passphrase' ? 'auth.wrongPassphrase' : 'auth.keyLocked',
      params: { path },
    });
  if (cause === 'agent-empty') advice.push({ key: 'auth.agentEmpty' });
  // Agent keys were offered and refused: maybe the agent holds other keys than the registered one.
  if (cause === 'auth-rejected' && creds.agent?.status === 'ok')
    advice.push({
      key: 'auth.agentWrongKey',
      params: { fingerprints: creds.agent.fingerprints.join(', ') },
    });
  // The seeds' most common fault first: the public key pasted at the provider lost characters.
  if (key?.publicLine && cause === 'auth-rejected' && !session.auth.partialSuccess)
    advice.push({
      key: 'auth.comparePublicKey',
      params: { publicKey: key.publicLine, fingerprint: key.publicFingerprint ?? '' },
    });
  if (cause === 'auth-rejected') {
    const methods = session.auth.methodsAllowed ?? [];
    if (session.auth.partialSuccess)
      advice.push({ key: 'auth.secondFactor', params: { methods: methods.join(', ') } });
    else if (methods.length && !methods.includes('publickey'))
      advice.push({ key: 'auth.noPublickey', params: { methods: methods.join(', ') } });
    if (!key?.loaded && creds.agent?.status !== 'ok') advice.push({ key: 'auth.noCredential' });
    advice.push({
      key: 'auth.checkUser',
      params: { user: ctx.profile.user, host: ctx.profile.host },
    });
  }
  if (key?.format === 'ppk' && cause !== 'key-locked')
    advice.push({ key: 'auth.ppkToOpenssh', params: { path } });
  return advice;
}

export function checkAuth(
  ctx: DiagContext,
  creds: CredentialState,
  session: SessionOutcome,
): CheckResult {
  const methods = session.auth.methodsAllowed;
  const data = {
    methodsAllowed: methods,
    attempts: session.auth.attempts,
    partialSuccess: session.auth.partialSuccess,
    agent: creds.agent,
    keyFile: creds.key && {
      path: creds.key.path,
      format: creds.key.format,
      fingerprint: creds.key.publicFingerprint,
    },
  };
  const allowed = `server allows: ${methods?.join(', ') || '(unknown)'}`;
  const notes = describeCreds(creds);
  if (session.client) {
    const used = session.auth.attempts.find((a) => a.result === 'accepted');
    return {
      id: 'auth',
      status: notes.length ? 'warn' : 'pass',
      detail: [`accepted ${used ? nameAttempt(used) : 'without credentials'}`, ...notes].join('; '),
      data,
    };
  }
  const failure = session.failure;
  // Not an authentication answer (e.g. the server dropped us): keep the classifier's cause.
  if (failure && failure.cause !== 'auth-rejected' && failure.cause !== 'agent-empty')
    return { id: 'auth', status: 'fail', cause: failure.cause, detail: failure.detail, data };
  const cause = authCause(creds);
  const partial = session.auth.partialSuccess
    ? '; partial success: the server wants another factor'
    : '';
  return {
    id: 'auth',
    status: 'fail',
    cause,
    detail: [`${allowed}; tried: ${describeAttempts(session)}${partial}`, ...notes].join('; '),
    data,
    advice: authAdvice(ctx, creds, session, cause),
  };
}
