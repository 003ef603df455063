import { isIP } from 'node:net';

/**
 * Asks the configured "what is my IP" service for this site's public address. Never called
 * unless the user configured a URL: the diagnosis contacts nothing on the internet by default.
 * Any failure just means the advice tells the user how to look it up themselves.
 */
export async function lookupPublicIp(url: string, timeoutMs: number): Promise<string | undefined> {
  if (!/^https?:\/\//i.test(url)) return undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    const text = (await response.text()).slice(0, 1000);
    const candidate = text
      .split(/[\s"',{}:=]+/)
      .find(
        (token) =>
          isIP(token) !== 0 || (/^[0-9a-f:]+:[0-9a-f:]+$/i.test(token) && isIP(token) !== 0),
      );
    return candidate;
  } catch {
    return undefined;
  }
}
