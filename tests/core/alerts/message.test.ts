import { describe, expect, it } from 'vitest';
import { emailBody } from '../../../main/core/alerts/email';
import { outageMessage, testMessage } from '../../../main/core/alerts/message';
import { webhookPayload } from '../../../main/core/alerts/webhook';

describe('alert messages', () => {
  const since = Date.UTC(2025, 0, 2, 3, 4, 5);
  const down = outageMessage(
    {
      event: 'down',
      profile: 'lic',
      name: 'ANSYS license',
      state: 'waiting',
      cause: 'keepalive-timeout',
      detail: 'no answer to 3 keepalives\n(20 s)',
      since,
      minutes: 5,
    },
    'pc-42',
    since + 5 * 60_000,
  );

  it('one English and one Japanese line, the detail on one line', () => {
    expect(down.lines).toEqual([
      "Tunnel 'ANSYS license' on pc-42 has been down for 5 min (keepalive-timeout): no answer to 3 keepalives (20 s)",
      'pc-42 のトンネル「ANSYS license」が 5 分間切断されています（keepalive-timeout）',
    ]);
    expect(down.subject).toBe("Tunnelkeeper: 'ANSYS license' down (keepalive-timeout)");
  });

  it('the webhook JSON: fields a machine reads plus a `text` Slack and Teams show', () => {
    expect(webhookPayload(down)).toEqual({
      source: 'tunnelkeeper',
      event: 'down',
      profile: 'lic',
      name: 'ANSYS license',
      state: 'waiting',
      cause: 'keepalive-timeout',
      detail: 'no answer to 3 keepalives (20 s)',
      since: '2025-01-02T03:04:05.000Z',
      minutes: 5,
      host: 'pc-42',
      ts: '2025-01-02T03:09:05.000Z',
      text: `${down.lines[0]}\n\n${down.lines[1]}`,
    });
  });

  it('"up" without a cause falls back to the state; the test message names the host', () => {
    const up = outageMessage(
      { event: 'up', profile: 'lic', name: 'L', state: 'connected', since, minutes: 7 },
      'pc-42',
      since,
    );
    expect(up.lines).toEqual([
      "Tunnel 'L' on pc-42 is back up (was down for 7 min)",
      'pc-42 のトンネル「L」が復旧しました（7 分間切断）',
    ]);
    const test = testMessage('pc-42', since);
    expect(webhookPayload(test)).toMatchObject({ event: 'test', profile: null, host: 'pc-42' });
    expect(emailBody(test)).toBe(`${test.lines.join('\n')}\n\nhost: pc-42\n`);
  });
});
