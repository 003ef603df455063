/**
 * The one stand-in for the `electron` module (the Electron binary cannot run here). It records
 * what the shell asks of Electron so tests can assert on it; it implements no behaviour of its
 * own beyond that. The node test project aliases `electron` to this file.
 */
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

class MockApp extends EventEmitter {
  isPackaged = false;
  loginItemSettings: Record<string, unknown> = {};
  appUserModelId: string | undefined;
  quitCalled = 0;
  getLocale = () => 'en-US';
  getAppPath = () => process.cwd();
  getPath = (_name: string) => '/tmp/tunnelkeeper-mock';
  getVersion = () => '0.0.0-mock';
  requestSingleInstanceLock = () => true;
  whenReady = () => Promise.resolve();
  setAppUserModelId = (id: string) => {
    this.appUserModelId = id;
  };
  setLoginItemSettings = (settings: Record<string, unknown>) => {
    this.loginItemSettings = settings;
  };
  getLoginItemSettings = () => ({ openAtLogin: false, ...this.loginItemSettings });
  quit = () => {
    this.quitCalled += 1;
  };
}
export const app = new MockApp();

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  loadedUrl: string | undefined;
  visible = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  readonly webContents = new EventEmitter();
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  toolTip = '';
  menu: unknown;
  constructor(public image: unknown) {
    super();
    Tray.instances.push(this);
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.toolTip = text;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
  destroy() {}
}

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
};

export const nativeImage = {
  createFromPath: (path: string) => ({ path }),
};

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler) {
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
  on() {},
};

export const protocol = {
  registerSchemesAsPrivileged: (_schemes: unknown) => undefined,
  handle: (_scheme: string, _handler: unknown) => undefined,
};

export const net = { fetch: (_url: string) => Promise.resolve(new Response('')) };

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (_handler: unknown) => undefined,
    setPermissionCheckHandler: (_handler: unknown) => undefined,
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string) {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export class Notification extends EventEmitter {
  static shown: Record<string, unknown>[] = [];
  static isSupported = () => true;
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  show() {
    Notification.shown.push(this.options);
  }
}

export const powerMonitor = new EventEmitter();

export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (text: string) => Buffer.from(`enc:${text}`),
  decryptString: (data: Buffer) => data.toString().replace(/^enc:/, ''),
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoke: (_channel: string, ..._args: unknown[]) => Promise.resolve(undefined),
  on: () => undefined,
  removeListener: () => undefined,
};

export default {
  app,
  BrowserWindow,
  Tray,
  Menu,
  nativeImage,
  ipcMain,
  protocol,
  net,
  session,
  shell,
  Notification,
  powerMonitor,
  safeStorage,
  contextBridge,
  ipcRenderer,
};
