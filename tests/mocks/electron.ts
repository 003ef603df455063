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
  /** What the last getLoginItemSettings was asked about (Windows keys entries by path+args). */
  loginItemQuery: Record<string, unknown> | undefined;
  wasOpenedAtLogin = false;
  appUserModelId: string | undefined;
  quitCalled = 0;
  locale = 'en-US';
  userData = '/tmp/tunnelkeeper-mock';
  getLocale = () => this.locale;
  getAppPath = () => process.cwd();
  getPath = (_name: string) => this.userData;
  getVersion = () => '0.0.0-mock';
  sandboxEnabled = false;
  enableSandbox = () => {
    this.sandboxEnabled = true;
  };
  requestSingleInstanceLock = () => true;
  whenReady = () => Promise.resolve();
  setAppUserModelId = (id: string) => {
    this.appUserModelId = id;
  };
  setLoginItemSettings = (settings: Record<string, unknown>) => {
    this.loginItemSettings = settings;
  };
  getLoginItemSettings = (query?: Record<string, unknown>) => {
    this.loginItemQuery = query;
    return {
      openAtLogin: false,
      wasOpenedAtLogin: this.wasOpenedAtLogin,
      ...this.loginItemSettings,
    };
  };
  quit = () => {
    this.quitCalled += 1;
  };
}
export const app = new MockApp();

/** Records what main sends and the handlers the shell installs. */
export class WebContents extends EventEmitter {
  sent: [string, unknown][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return false;
  }
}

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
  isDestroyed() {
    return false;
  }
  readonly webContents = new WebContents();
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
  removedListeners: [] as string[],
  removeAllListeners(channel: string) {
    this.removedListeners.push(channel);
  },
  handle(channel: string, handler: Handler) {
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
  on() {},
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown) {
    this.privileged.push(schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    this.handlers.set(scheme, handler);
  },
};

export const net = {
  online: true,
  isOnline() {
    return this.online;
  },
  fetched: [] as string[],
  fetch(url: string) {
    this.fetched.push(url);
    return Promise.resolve(
      new Response('<html></html>', { headers: { 'content-type': 'text/html' } }),
    );
  },
};

type AnyHandler = (...args: never[]) => unknown;
/** Records the handlers installed on a session. */
export class Session {
  permissionRequestHandler: AnyHandler | undefined;
  permissionCheckHandler: AnyHandler | undefined;
  devicePermissionHandler: AnyHandler | undefined;
  displayMediaRequestHandler: AnyHandler | undefined;
  setPermissionRequestHandler(handler: AnyHandler) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: AnyHandler) {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: AnyHandler) {
    this.devicePermissionHandler = handler;
  }
  setDisplayMediaRequestHandler(handler: AnyHandler) {
    this.displayMediaRequestHandler = handler;
  }
}

export const session = { defaultSession: new Session() };

export const shell = {
  opened: [] as string[],
  revealed: [] as string[],
  showItemInFolder(file: string) {
    this.revealed.push(file);
  },
  openExternal(url: string) {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static isSupported = () => true;
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  show() {
    Notification.shown.push(this);
  }
}

export const powerMonitor = new EventEmitter();

/** A reversible stand-in for OS encryption: XOR, so the plain text never appears in a file. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  encryptString: (text: string) => Buffer.from(Buffer.from(text).map((b) => b ^ 0x5a)),
  decryptString: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString(),
};

export const webUtils = {
  getPathForFile: (file: { name?: string }) => `C:\\Users\\admin\\Downloads\\${file.name ?? ''}`,
};

/** Records the dialogs shown; `nextOpen` / `nextSave` are what the user picks. */
export const dialog = {
  shown: [] as Record<string, unknown>[],
  nextOpen: { canceled: true, filePaths: [] as string[] },
  nextSave: { canceled: true, filePath: '' },
  showOpenDialog(...args: unknown[]) {
    this.shown.push(args.at(-1) as Record<string, unknown>);
    return Promise.resolve(this.nextOpen);
  },
  showSaveDialog(...args: unknown[]) {
    this.shown.push(args.at(-1) as Record<string, unknown>);
    return Promise.resolve(this.nextSave);
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.set(key, api);
  },
};

type RendererListener = (event: unknown, ...args: unknown[]) => void;
/** Records invocations and subscriptions; `reply` decides what an invoke resolves or rejects. */
export const ipcRenderer = {
  invoked: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, Set<RendererListener>>(),
  reply: (_channel: string, ..._args: unknown[]): Promise<unknown> => Promise.resolve(undefined),
  invoke(channel: string, ...args: unknown[]) {
    this.invoked.push({ channel, args });
    return this.reply(channel, ...args);
  },
  on(channel: string, listener: RendererListener) {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)?.add(listener);
    return this;
  },
  removeListener(channel: string, listener: RendererListener) {
    this.listeners.get(channel)?.delete(listener);
    return this;
  },
  /** What main's webContents.send would deliver. */
  emit(channel: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: 'ipc' }, ...args);
  },
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
  Session,
  WebContents,
  shell,
  Notification,
  powerMonitor,
  safeStorage,
  contextBridge,
  ipcRenderer,
  webUtils,
  dialog,
};
