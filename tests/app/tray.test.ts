import type { MenuItemConstructorOptions } from 'electron';
import { Tray } from '../mocks/electron';
import { describe, expect, it } from 'vitest';
import { createTray, trayIconPath, type TrayActions } from '../../main/app/tray';
import { shellStrings } from '../../main/app/strings';
import type { TunnelSummary } from '../../contract';

type Item = MenuItemConstructorOptions;
function shownTray() {
  const tray = Tray.instances.at(-1) as unknown as {
    image: { path: string };
    toolTip: string;
    menu: { template: Item[] };
  };
  const find = (id: string, items = tray.menu.template): Item | undefined =>
    items
      .flatMap((i) => [i, ...((i.submenu as Item[] | undefined) ?? [])])
      .find((i) => i.id === id);
  /** Clicks a menu item as Electron does (a checkbox flips before its click handler runs). */
  const click = (id: string) => {
    const item = find(id);
    if (!item?.click) throw new Error(`no clickable menu item ${id}`);
    if (item.type === 'checkbox') item.checked = !item.checked;
    (item.click as unknown as (i: Item) => void)(item);
  };
  return { ...tray, find, click, labels: () => tray.menu.template.map((i) => i.label) };
}

const tunnel = (id: string, state: TunnelSummary['state']): TunnelSummary => ({
  id,
  name: id,
  state,
});
const en = shellStrings('en');

function recordingActions() {
  const done: string[] = [];
  const actions: TrayActions = {
    openWindow: () => done.push('open'),
    startTunnel: (id) => done.push(`start ${id}`),
    stopTunnel: (id) => done.push(`stop ${id}`),
    setStartAtLogin: (enabled) => done.push(`login ${enabled}`),
    quit: () => done.push('quit'),
  };
  return { done, actions };
}

function trayWith(tunnels: readonly TunnelSummary[], startAtLogin = false, strings = en) {
  const { done, actions } = recordingActions();
  const { update } = createTray('/assets', actions, { tunnels, startAtLogin, strings });
  return { done, update, tray: shownTray() };
}

describe('tray', () => {
  it.each([
    [[], 'grey'],
    [[tunnel('a', 'connected'), tunnel('b', 'stopped')], 'green'],
    [[tunnel('a', 'connected'), tunnel('b', 'waiting')], 'yellow'],
    [[tunnel('a', 'degraded')], 'yellow'],
    [[tunnel('a', 'connecting')], 'yellow'],
    [[tunnel('a', 'authenticating')], 'yellow'],
    [[tunnel('a', 'connected'), tunnel('b', 'failed')], 'red'],
    [[tunnel('a', 'waiting'), tunnel('b', 'failed')], 'red'],
    [[tunnel('a', 'stopped')], 'grey'],
  ] as const)('shows the aggregate light for %j: %s', (tunnels, light) => {
    expect(trayWith(tunnels).tray.image.path).toMatch(new RegExp(`tray-${light}\\.(png|ico)$`));
  });

  it('follows a tunnel as it drops and comes back', () => {
    const { update } = trayWith([tunnel('lic', 'connected')]);
    const light = () => shownTray().image.path.match(/tray-(\w+)\./)?.[1];
    expect(light()).toBe('green');
    update({ tunnels: [tunnel('lic', 'waiting')], startAtLogin: false, strings: en });
    expect(light()).toBe('yellow');
    expect(shownTray().labels()).toContain('lic — Waiting to retry');
    update({ tunnels: [tunnel('lic', 'failed')], startAtLogin: false, strings: en });
    expect(light()).toBe('red');
    update({ tunnels: [tunnel('lic', 'connected')], startAtLogin: false, strings: en });
    expect(light()).toBe('green');
  });

  it('uses the multi-size .ico on Windows and PNG (with @2x beside it) elsewhere', () => {
    expect(trayIconPath('/a', 'red', 'win32')).toMatch(/tray[\\/]tray-red\.ico$/);
    expect(trayIconPath('/a', 'red', 'darwin')).toMatch(/tray[\\/]tray-red\.png$/);
    expect(trayIconPath('/a', 'red', 'linux')).toMatch(/tray[\\/]tray-red\.png$/);
  });

  it('lists each tunnel with its state in the menu and counts them in the tooltip', () => {
    const { tray } = trayWith([
      tunnel('license', 'connected'),
      tunnel('backup', 'waiting'),
      tunnel('old', 'failed'),
    ]);
    expect(tray.toolTip).toBe('Tunnelkeeper — 1/3 connected, 1 failed, 1 reconnecting');
    expect(tray.labels()).toEqual(
      expect.arrayContaining([
        'license — Connected',
        'backup — Waiting to retry',
        'old — Failed',
        'Open Tunnelkeeper',
        'Start at login',
        'Quit',
      ]),
    );
  });

  it('says when no tunnel is configured', () => {
    expect(trayWith([]).tray.toolTip).toBe('Tunnelkeeper — no tunnels configured');
  });

  it('keeps the tooltip within the 127 characters Windows shows', () => {
    const many = Array.from({ length: 40 }, (_, i) => tunnel(`t${i}`, 'waiting'));
    const ja = shellStrings('ja');
    expect(trayWith(many, false, ja).tray.toolTip.length).toBeLessThanOrEqual(127);
  });

  it('offers Stop for a running tunnel and Start for a stopped or failed one', () => {
    const { tray, done } = trayWith([
      tunnel('lic', 'connected'),
      tunnel('bak', 'stopped'),
      tunnel('old', 'failed'),
    ]);
    expect(tray.find('start:lic')).toBeUndefined();
    tray.click('stop:lic');
    tray.click('start:bak');
    tray.click('start:old');
    expect(done).toEqual(['stop lic', 'start bak', 'start old']);
  });

  it('shows start at login as a checkbox that turns it on and off', () => {
    const { tray, done } = trayWith([], true);
    expect(tray.find('start-at-login')).toMatchObject({ type: 'checkbox', checked: true });
    tray.click('start-at-login');
    expect(done).toEqual(['login false']);
  });

  it('opens the window from the menu and on a left click, and quits from the menu', () => {
    const { tray, done } = trayWith([]);
    tray.click('open');
    Tray.instances.at(-1)?.emit('click');
    tray.click('quit');
    expect(done).toEqual(['open', 'open', 'quit']);
  });

  it('speaks Japanese when asked to', () => {
    const { tray } = trayWith([tunnel('lic', 'connected')], false, shellStrings('ja'));
    expect(tray.labels()).toEqual(expect.arrayContaining(['lic — 接続済み', '終了']));
  });
});
