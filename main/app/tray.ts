import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { TunnelSummary } from '../../contract';
import { aggregateLight, isRunning, stateLight, type Light } from '../../contract/tunnel-state';
import type { ShellStrings } from './strings';

export interface TrayActions {
  openWindow(): void;
  startTunnel(id: string): void;
  stopTunnel(id: string): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

export interface TrayView {
  tunnels: readonly TunnelSummary[];
  startAtLogin: boolean;
  strings: ShellStrings;
}

/** Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip). */
const TOOLTIP_MAX = 127;

/** Windows picks the closest size (16/24/32 px) from the .ico; elsewhere a 16 px PNG + @2x. */
export function trayIconPath(assetsDir: string, light: Light, platform = process.platform) {
  const file = platform === 'win32' ? `tray-${light}.ico` : `tray-${light}.png`;
  return path.join(assetsDir, 'tray', file);
}

export function trayTooltip(tunnels: readonly TunnelSummary[], strings: ShellStrings): string {
  if (tunnels.length === 0) return strings.tooltipEmpty;
  // By light: green is connected, red needs the user, yellow is on its way or partly up.
  const count = (light: Light) => tunnels.filter((t) => stateLight(t.state) === light).length;
  const text = strings.tooltip({
    total: tunnels.length,
    connected: count('green'),
    failed: count('red'),
    trouble: count('yellow'),
  });
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

export function trayMenuTemplate(
  view: TrayView,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const { strings } = view;
  const tunnelItems: MenuItemConstructorOptions[] = view.tunnels.map((t) => ({
    id: `tunnel:${t.id}`,
    label: `${t.name} — ${strings.state[t.state]}`,
    // Stop while the supervisor works on it; Start when stopped or waiting for the user.
    submenu: isRunning(t.state)
      ? [{ id: `stop:${t.id}`, label: strings.stop, click: () => actions.stopTunnel(t.id) }]
      : [{ id: `start:${t.id}`, label: strings.start, click: () => actions.startTunnel(t.id) }],
  }));
  return [
    ...tunnelItems,
    ...(tunnelItems.length > 0 ? [{ type: 'separator' as const }] : []),
    { id: 'open', label: strings.open, click: () => actions.openWindow() },
    {
      id: 'start-at-login',
      label: strings.startAtLogin,
      type: 'checkbox',
      checked: view.startAtLogin,
      // The checkbox flips itself; the setting follows the box's new state.
      click: (item) => actions.setStartAtLogin(item.checked),
    },
    { type: 'separator' },
    { id: 'quit', label: strings.quit, click: () => actions.quit() },
  ];
}

/** The tray icon: one light for all tunnels, a tooltip with counts, a menu to act on each. */
export function createTray(assetsDir: string, actions: TrayActions, initial: TrayView) {
  const tray = new Tray(nativeImage.createFromPath(trayIconPath(assetsDir, 'grey')));
  // Windows and Linux open the menu on right click; a left click opens the window.
  tray.on('click', () => actions.openWindow());

  function update(view: TrayView): void {
    tray.setImage(
      nativeImage.createFromPath(
        trayIconPath(assetsDir, aggregateLight(view.tunnels.map((t) => t.state))),
      ),
    );
    tray.setToolTip(trayTooltip(view.tunnels, view.strings));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(view, actions)));
  }

  update(initial);
  return { tray, update, destroy: () => tray.destroy() };
}
