import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token challenge between the engine and a client: each side proves it holds the token by
 * an HMAC over the other side's nonce, labelled by role so a proof can never be replayed back.
 * The token itself never crosses the endpoint: a process that squats the pipe name learns
 * nothing from a client, and cannot answer the client's challenge (it is reported, never used).
 */
export function proof(token: string, role: 'engine' | 'client', nonce: string): string {
  return createHmac('sha256', token).update(`tunnelkeeper-engine/${role}/${nonce}`).digest('hex');
}

export function proofMatches(
  candidate: string,
  token: string,
  role: 'engine' | 'client',
  nonce: string,
): boolean {
  const expected = Buffer.from(proof(token, role, nonce), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(candidate) ? candidate : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
