import { BrowserWindow } from 'electron';
import { APP_INDEX_URL } from './app-protocol';
import { secureWindowOptions } from './window-options';

/** One window; closing it hides it so the app lives on in the tray. */
export function createMainWindowController(preloadPath: string) {
  let window: BrowserWindow | null = null;
  let quitting = false;

  function open(): void {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      return;
    }
    window = new BrowserWindow(secureWindowOptions(preloadPath));
    window.once('ready-to-show', () => window?.show());
    window.on('close', (event) => {
      if (!quitting) {
        event.preventDefault();
        window?.hide();
      }
    });
    window.on('closed', () => {
      window = null;
    });
    void window.loadURL(APP_INDEX_URL);
  }

  return {
    open,
    prepareToQuit: () => {
      quitting = true;
    },
  };
}
