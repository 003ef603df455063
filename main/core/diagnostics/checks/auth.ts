import type { Cause } from '../../causes';
import type { DiagContext } from '../context';
import {
  AGENT_BUILTIN,
  AGENT_NO_ANSWER,
  AGENT_UNSET,
  type AgentState,
  type CredentialState,
} from '../credentials';
import { detailOf, failureMessage, list, msg } from '../detail';
import type { AuthAttempt, SessionOutcome } from '../session';
import type { AdviceItem, CheckResult, Message, MessageParam } from '../types';

/** "key C:\\id", "agent …", "stored password": the attempt's label as a message. */
function credentialOf(a: AuthAttempt, creds: CredentialState): Message {
  if (creds.key && a.label === `key ${creds.key.path}`)
    return msg('detail.auth.key', { path: creds.key.path });
  if (creds.agent?.socket && a.label === `agent ${creds.agent.socket}`)
    return msg('detail.auth.agent', { socket: creds.agent.socket });
  if (a.label === 'stored password') return msg('detail.auth.password');
  return msg('detail.raw', { raw: a.label });
}

/** "key C:\\id [SHA256:…]", "agent … [SHA256:…, …]", "stored password". */
function nameAttempt(a: AuthAttempt, creds: CredentialState): Message {
  const credential = credentialOf(a, creds);
  return a.fingerprints.length
    ? msg('detail.auth.withKeys', { credential, fingerprints: a.fingerprints.join(', ') })
    : credential;
}

/** What the server said to one attempt: its result, or why it was not offered. */
function attemptResult(a: AuthAttempt): Message {
  if (a.note === undefined) return msg(`attempt.${a.result}`);
  const method = /^the server does not allow (\S+)$/.exec(a.note)?.[1];
  return method ? msg('detail.auth.notAllowed', { method }) : msg('detail.raw', { raw: a.note });
}

function describeAttempts(session: SessionOutcome, creds: CredentialState): MessageParam {
  const tried = session.auth.attempts.map((a) =>
    msg('detail.auth.attempt', { credential: nameAttempt(a, creds), result: attemptResult(a) }),
  );
  return tried.length ? tried : msg('detail.auth.nothingOffered');
}

/** The agent's own words for why it cannot be asked, as a message. */
function agentProblem(agent: AgentState): Message {
  const error = agent.error ?? agent.status;
  if (error === AGENT_NO_ANSWER) return msg('detail.auth.agentNoAnswer');
  if (error === AGENT_BUILTIN) return msg('detail.auth.agentBuiltin');
  if (error === AGENT_UNSET) return msg('detail.auth.agentUnset');
  return msg('detail.auth.agentUnavailable', { raw: error });
}

function describeCreds(creds: CredentialState): Message[] {
  const out: Message[] = [];
  const key = creds.key;
  if (key?.problem)
    out.push(
      msg('detail.auth.keyNotUsable', {
        path: key.path,
        problem: msg(`keyProblem.${key.problem.code}`),
        raw: key.problem.message,
      }),
    );
  const agent = creds.agent;
  if (agent && agent.status !== 'ok')
    out.push(
      agent.status === 'empty'
        ? msg('detail.auth.agentEmpty', { socket: String(agent.socket) })
        : agentProblem(agent),
    );
  // The reference is only a name, but support bundles carry this detail: say no more than needed.
  if (creds.passwordRef && creds.password === undefined)
    out.push(msg('detail.auth.passwordUnreadable'));
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
  const notes = describeCreds(creds);
  if (session.client) {
    const used = session.auth.attempts.find((a) => a.result === 'accepted');
    return {
      id: 'auth',
      status: notes.length ? 'warn' : 'pass',
      ...detailOf(
        list([
          used
            ? msg('detail.auth.accepted', { credential: nameAttempt(used, creds) })
            : msg('detail.auth.acceptedWithout'),
          ...notes,
        ]),
      ),
      data,
    };
  }
  const failure = session.failure;
  // Not an authentication answer (e.g. the server dropped us): keep the classifier's cause.
  if (failure && failure.cause !== 'auth-rejected' && failure.cause !== 'agent-empty')
    return {
      id: 'auth',
      status: 'fail',
      cause: failure.cause,
      ...detailOf(failureMessage(failure)),
      data,
    };
  const cause = authCause(creds);
  const rejected = msg(
    session.auth.partialSuccess ? 'detail.auth.rejectedPartial' : 'detail.auth.rejected',
    {
      methods: methods?.length ? methods.join(', ') : msg('detail.unknown'),
      tried: describeAttempts(session, creds),
    },
  );
  return {
    id: 'auth',
    status: 'fail',
    cause,
    ...detailOf(list([rejected, ...notes])),
    data,
    advice: authAdvice(ctx, creds, session, cause),
  };
}
