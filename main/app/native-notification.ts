import { Notification } from 'electron';
import type { ShownNotification } from './notifications';

/**
 * Shows a desktop notification. Electron loses the click of a Notification that was garbage
 * collected (a toast can sit in the Windows action centre for hours), so each one is kept
 * until it is clicked or closed.
 */
const alive = new Set<Notification>();

export function showNativeNotification(n: ShownNotification, icon?: string): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: n.title, body: n.body, icon, silent: false });
  alive.add(notification);
  notification.on('click', () => {
    alive.delete(notification);
    n.onClick();
  });
  notification.on('close', () => alive.delete(notification));
  notification.show();
}
