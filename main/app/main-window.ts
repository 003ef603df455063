import { BrowserWindow, type WebContents } from 'electron';
import { APP_INDEX_URL } from './app-protocol';
import { secureWindowOptions } from './window-options';

export interface MainWindowHooks {
  /** The user closed the window and the app stayed in the tray. */
  onHiddenToTray?(): void;
  /** Dev tools are for development builds only. */
  devTools?: boolean;
}

/** One window; closing it hides it so the app lives on in the tray. */
export function createMainWindowController(preloadPath: string, hooks: MainWindowHooks = {}) {
  let window: BrowserWindow | null = null;
  /** Settles when the page has loaded: events sent earlier would reach no listener. */
  let loaded: Promise<void> = Promise.resolve();
  let quitting = false;

  function open(): { window: BrowserWindow; loaded: Promise<void> } {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      return { window, loaded };
    }
    const created = new BrowserWindow(
      secureWindowOptions(preloadPath, { devTools: hooks.devTools }),
    );
    window = created;
    loaded = new Promise((resolve) => created.webContents.once('did-finish-load', resolve));
    created.once('ready-to-show', () => created.show());
    created.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      created.hide();
      hooks.onHiddenToTray?.();
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    void created.loadURL(APP_INDEX_URL);
    return { window: created, loaded };
  }

  return {
    open,
    /** The window, for dialogs to be modal to; null while none exists. */
    browserWindow: (): BrowserWindow | null => (window && !window.isDestroyed() ? window : null),
    /** Where main pushes events; null while no window exists (nothing to tell). */
    webContents: (): WebContents | null =>
      window && !window.isDestroyed() ? window.webContents : null,
    prepareToQuit: () => {
      quitting = true;
    },
  };
}

export type MainWindowController = ReturnType<typeof createMainWindowController>;
