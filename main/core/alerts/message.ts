/**
 * What an alert says, built once and sent the same to every destination: the fields a machine
 * reads, plus one English and one Japanese line. The engine has no UI language (it may run as a
 * boot service for a whole team), so both languages go in every message.
 */
export type AlertKind = 'down' | 'up' | 'test';

export interface AlertMessage {
  event: AlertKind;
  /** Profile id, display name, state and its cause when the outage was reported (null: test). */
  profile: string | null;
  name: string | null;
  state: string | null;
  cause: string | null;
  detail: string | null;
  /** ISO time the outage began (null: test). */
  since: string | null;
  /** Minutes down: the threshold reached ("down") or the whole outage ("up"); null: test. */
  minutes: number | null;
  /** The machine that runs the tunnel: several engines may report to one channel. */
  host: string;
  /** ISO time the message was made. */
  ts: string;
  subject: string;
  /** English, then Japanese. */
  lines: [string, string];
}

export interface OutageFacts {
  event: 'down' | 'up';
  profile: string;
  name: string;
  state: string;
  cause?: string;
  detail?: string;
  since: number;
  minutes: number;
}

/** Error texts can be long or multi-line; a chat line and a subject must stay one short line. */
function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function outageMessage(facts: OutageFacts, host: string, now: number): AlertMessage {
  const { name, minutes } = facts;
  const why = facts.cause ?? facts.state;
  const detail = facts.detail ? oneLine(facts.detail) : undefined;
  const lines: [string, string] =
    facts.event === 'down'
      ? [
          `Tunnel '${name}' on ${host} has been down for ${minutes} min (${why})${detail ? `: ${detail}` : ''}`,
          `${host} のトンネル「${name}」が ${minutes} 分間切断されています（${why}）`,
        ]
      : [
          `Tunnel '${name}' on ${host} is back up (was down for ${minutes} min)`,
          `${host} のトンネル「${name}」が復旧しました（${minutes} 分間切断）`,
        ];
  return {
    event: facts.event,
    profile: facts.profile,
    name,
    state: facts.state,
    cause: facts.cause ?? null,
    detail: detail ?? null,
    since: new Date(facts.since).toISOString(),
    minutes,
    host,
    ts: new Date(now).toISOString(),
    subject:
      facts.event === 'down'
        ? `Tunnelkeeper: '${name}' down (${why})`
        : `Tunnelkeeper: '${name}' back up`,
    lines,
  };
}

export function testMessage(host: string, now: number): AlertMessage {
  return {
    event: 'test',
    profile: null,
    name: null,
    state: null,
    cause: null,
    detail: null,
    since: null,
    minutes: null,
    host,
    ts: new Date(now).toISOString(),
    subject: 'Tunnelkeeper: test message',
    lines: [
      `Test message from Tunnelkeeper on ${host}: alerts reach this destination`,
      `${host} の Tunnelkeeper からのテストメッセージ：この宛先にアラートが届きます`,
    ],
  };
}
