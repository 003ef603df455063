import {
  DISABLED_SUFFIX,
  startupUndo,
  taskUndo,
  type MigrationSeam,
  type StartupItem,
} from './seam';

/**
 * An in-memory MigrationSeam for tests and demos: the task export, the Startup items and the
 * files are given; every call is recorded in `calls`, disabled tasks in `disabledTasks`, and a
 * disabled Startup item is renamed in `items` (never removed), as the real seam does on disk.
 */
export interface FakeSeamInit {
  /** What `schtasks /query /xml ONE` prints, or the error it fails with. */
  tasksXml?: Buffer | Error;
  startup?: StartupItem[];
  /** Files a task or a shortcut starts (scripts), by path. */
  files?: Record<string, Buffer | string>;
  /** Task paths schtasks refuses to change (e.g. "Access is denied."). */
  refuseTasks?: Record<string, string>;
}

export interface FakeMigrationSeam extends MigrationSeam {
  readonly calls: string[];
  readonly disabledTasks: string[];
  readonly items: StartupItem[];
}

export function fakeMigrationSeam(init: FakeSeamInit = {}): FakeMigrationSeam {
  const calls: string[] = [];
  const disabledTasks: string[] = [];
  const items = [...(init.startup ?? [])];
  const files = new Map(
    Object.entries(init.files ?? {}).map(([p, v]) => [p.toLowerCase(), Buffer.from(v)]),
  );
  return {
    calls,
    disabledTasks,
    items,
    async listScheduledTasks() {
      calls.push('listScheduledTasks');
      if (init.tasksXml instanceof Error) throw init.tasksXml;
      return init.tasksXml ?? Buffer.from('<?xml version="1.0"?><Tasks></Tasks>');
    },
    async disableTask(path) {
      calls.push(`disableTask ${path}`);
      const refused = init.refuseTasks?.[path];
      if (refused) throw new Error(`schtasks could not disable ${path} (exit 1): ${refused}`);
      disabledTasks.push(path);
      return taskUndo(path);
    },
    async listStartupFolder() {
      calls.push('listStartupFolder');
      return items.map((item) => ({ ...item }));
    },
    async disableStartupItem(path) {
      calls.push(`disableStartupItem ${path}`);
      const index = items.findIndex((i) => i.path === path);
      const item = items[index];
      if (!item) throw new Error(`${path} does not exist: nothing was renamed`);
      let to = `${path}${DISABLED_SUFFIX}`;
      for (let n = 2; items.some((i) => i.path === to); n++) to = `${path}${DISABLED_SUFFIX}-${n}`;
      items[index] = { ...item, name: to.split('\\').pop() ?? to, path: to };
      return startupUndo(path, to);
    },
    async readFile(path) {
      calls.push(`readFile ${path}`);
      const bytes = files.get(path.toLowerCase());
      // Windows paths are case-insensitive; the message is the one fs gives.
      if (!bytes) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return bytes;
    },
  };
}
