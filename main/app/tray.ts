import { Menu, Tray, nativeImage } from 'electron';
import path from 'node:path';
import type { TunnelSummary } from '../../preload/contract';
import { aggregateLight, type TrayLight } from './tray-state';

export interface TrayActions {
  openWindow(): void;
  quit(): void;
}

function iconFor(assetsDir: string, light: TrayLight) {
  // Windows picks the closest size (16/24/32) from the .ico; elsewhere a 16 px PNG with its @2x.
  const file = process.platform === 'win32' ? `tray-${light}.ico` : `tray-${light}.png`;
  return nativeImage.createFromPath(path.join(assetsDir, 'tray', file));
}

export function createTray(assetsDir: string, actions: TrayActions) {
  const tray = new Tray(iconFor(assetsDir, 'grey'));
  tray.on('click', () => actions.openWindow());

  function update(tunnels: readonly TunnelSummary[]): void {
    const light = aggregateLight(tunnels);
    tray.setImage(iconFor(assetsDir, light));
    const connected = tunnels.filter((t) => t.state === 'connected').length;
    tray.setToolTip(
      tunnels.length === 0
        ? 'Tunnelkeeper — no tunnels configured'
        : `Tunnelkeeper — ${connected}/${tunnels.length} connected`,
    );
    tray.setContextMenu(
      Menu.buildFromTemplate([
        ...tunnels.map((t) => ({ label: `${t.name} — ${t.state}`, enabled: false })),
        ...(tunnels.length > 0 ? [{ type: 'separator' as const }] : []),
        { label: 'Open Tunnelkeeper', click: () => actions.openWindow() },
        { type: 'separator' },
        { label: 'Quit', click: () => actions.quit() },
      ]),
    );
  }

  update([]);
  return { tray, update };
}
