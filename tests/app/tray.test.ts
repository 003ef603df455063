import { Tray } from '../mocks/electron';
import { describe, expect, it } from 'vitest';
import { createTray } from '../../main/app/tray';
import type { TunnelSummary } from '../../preload/contract';

function lastTray() {
  return Tray.instances.at(-1) as unknown as {
    image: { path: string };
    toolTip: string;
    menu: { template: { label?: string }[] };
  };
}

describe('tray', () => {
  const tunnel = (id: string, state: TunnelSummary['state']): TunnelSummary => ({
    id,
    name: id,
    state,
  });

  it.each([
    [[], 'grey'],
    [[tunnel('a', 'connected'), tunnel('b', 'stopped')], 'green'],
    [[tunnel('a', 'connected'), tunnel('b', 'waiting')], 'yellow'],
    [[tunnel('a', 'degraded')], 'yellow'],
    [[tunnel('a', 'connecting')], 'yellow'],
    [[tunnel('a', 'connected'), tunnel('b', 'failed')], 'red'],
    [[tunnel('a', 'stopped')], 'grey'],
  ] as const)('shows the aggregate light for %j: %s', (tunnels, light) => {
    const { update } = createTray('/assets', {
      openWindow: () => undefined,
      quit: () => undefined,
    });
    update(tunnels);
    expect(lastTray().image.path).toMatch(new RegExp(`tray-${light}\\.(png|ico)$`));
  });

  it('lists each tunnel with its state in the menu and counts them in the tooltip', () => {
    const { update } = createTray('/assets', {
      openWindow: () => undefined,
      quit: () => undefined,
    });
    update([tunnel('license', 'connected'), tunnel('backup', 'waiting')]);
    const tray = lastTray();
    expect(tray.toolTip).toBe('Tunnelkeeper — 1/2 connected');
    const labels = tray.menu.template.map((item) => item.label);
    expect(labels).toContain('license — connected');
    expect(labels).toContain('backup — waiting');
    expect(labels).toContain('Quit');
  });

  it('opens the window on a left click', () => {
    let opened = 0;
    createTray('/assets', { openWindow: () => (opened += 1), quit: () => undefined });
    Tray.instances.at(-1)?.emit('click');
    expect(opened).toBe(1);
  });
});
