import { decodeXmlBytes, XmlBytesError } from './xml-bytes';
import {
  childElements,
  childText,
  firstChild,
  localName,
  parseXml,
  XmlError,
  type XmlElement,
  type XmlNode,
} from './xml';

/**
 * What Task Scheduler runs, read from `schtasks /query /xml` (one task: a `<Task>` document) or
 * `schtasks /query /xml ONE` (every task: `<Tasks>`, each `<Task>` preceded by a comment
 * `<!-- \Folder\Name -->` that is the task's only name in that export). Elements and defaults
 * follow the Task Scheduler schema:
 * https://learn.microsoft.com/en-us/windows/win32/taskschd/task-scheduler-schema
 * - Settings/Enabled defaults to true (taskschedulerschema-enabled-settingstype-element);
 * - each trigger's Enabled defaults to true;
 * - the principal that runs the actions is the one named by Actions/@Context, else the first;
 * - LogonType (taskschedulerschema-logontype-simpletype): Password and S4U run "whether the user
 *   is logged on or not", InteractiveToken only while the user is logged on.
 * Only Exec actions start programs; ComHandler, SendEmail and ShowMessage are counted, not read.
 */
export class TaskXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskXmlError';
  }
}

export type TriggerKind =
  | 'boot'
  | 'logon'
  | 'time'
  | 'calendar'
  | 'idle'
  | 'event'
  | 'registration'
  | 'session-state-change'
  | 'other';

export interface TaskTrigger {
  kind: TriggerKind;
  enabled: boolean;
  /** LogonTrigger / SessionStateChangeTrigger: the one user it is for (absent: any user). */
  userId?: string;
}

export interface TaskPrincipal {
  userId?: string;
  groupId?: string;
  /** As written: Password, S4U, InteractiveToken, InteractiveTokenOrPassword, … */
  logonType?: string;
  /** LeastPrivilege or HighestAvailable. */
  runLevel?: string;
  /** "Run whether user is logged on or not" in the Task Scheduler UI. */
  runsWhenLoggedOff: boolean;
}

export interface TaskExec {
  command: string;
  arguments?: string;
  workingDirectory?: string;
}

export interface ScheduledTaskInfo {
  /** With its folder, as schtasks /tn takes it: `\Tunnels\plink tunnel`. */
  path: string;
  /** The last part of the path. */
  name: string;
  enabled: boolean;
  triggers: TaskTrigger[];
  principal?: TaskPrincipal;
  actions: TaskExec[];
  /** Actions that are not Exec (they start no program we could read). */
  otherActions: number;
  description?: string;
  author?: string;
}

const TRIGGERS: Record<string, TriggerKind> = {
  BootTrigger: 'boot',
  LogonTrigger: 'logon',
  TimeTrigger: 'time',
  CalendarTrigger: 'calendar',
  IdleTrigger: 'idle',
  EventTrigger: 'event',
  RegistrationTrigger: 'registration',
  SessionStateChangeTrigger: 'session-state-change',
};

/** Local System, Local Service, Network Service: service accounts need nobody logged on. */
const SERVICE_ACCOUNTS =
  /^(S-1-5-(18|19|20)|(NT AUTHORITY\\)?(SYSTEM|LOCAL ?SERVICE|NETWORK ?SERVICE))$/i;

export interface TaskXmlOptions {
  /** The task's path when the input does not say it (`schtasks /query /tn X /xml`). */
  path?: string;
}

export function parseTaskXml(bytes: Uint8Array, options: TaskXmlOptions = {}): ScheduledTaskInfo[] {
  let top: XmlNode[];
  try {
    top = parseXml(decodeXmlBytes(bytes).text);
  } catch (error) {
    // One error type for callers; the message keeps what was wrong and where.
    if (error instanceof XmlError || error instanceof XmlBytesError)
      throw new TaskXmlError(`not readable as task XML: ${error.message}`);
    throw error;
  }
  const tasks: ScheduledTaskInfo[] = [];
  let sawContainer = false;
  const visit = (nodes: XmlNode[]): void => {
    let comment: string | undefined;
    for (const node of nodes) {
      if (node.type === 'comment') comment = node.value.trim();
      else if (node.type === 'element') {
        const name = localName(node.name);
        if (name === 'Task') tasks.push(readTask(node, comment, options));
        else if (name === 'Tasks') {
          sawContainer = true;
          visit(node.children);
        } else
          throw new TaskXmlError(
            `<${node.name}> is not a task: expected the output of schtasks /query /xml (<Task> or <Tasks>)`,
          );
        comment = undefined;
      } else if (node.value.trim() !== '') comment = undefined;
    }
  };
  visit(top);
  if (tasks.length === 0 && !sawContainer)
    throw new TaskXmlError(
      'no <Task> element was found: expected the output of schtasks /query /xml (<Task> or <Tasks>)',
    );
  return tasks;
}

function readTask(
  task: XmlElement,
  comment: string | undefined,
  options: TaskXmlOptions,
): ScheduledTaskInfo {
  const info = firstChild(task, 'RegistrationInfo');
  // The export's comment is the task's path; a single-task export carries it in <URI> (Windows
  // writes it there since Windows 7), else the caller says it.
  const path =
    (comment && comment.startsWith('\\') ? comment : undefined) ??
    childText(info, 'URI') ??
    options.path ??
    '(unnamed task)';
  const settings = firstChild(task, 'Settings');
  const actionsElement = firstChild(task, 'Actions');
  const all = childElements(actionsElement);
  const actions: TaskExec[] = childElements(actionsElement, 'Exec').map((exec) => {
    const args = childText(exec, 'Arguments');
    const dir = childText(exec, 'WorkingDirectory');
    return {
      command: childText(exec, 'Command') ?? '',
      ...(args ? { arguments: args } : {}),
      ...(dir ? { workingDirectory: dir } : {}),
    };
  });
  const description = childText(info, 'Description');
  const author = childText(info, 'Author');
  const principal = readPrincipal(task, actionsElement?.attrs.Context);
  return {
    path,
    name: path.split('\\').filter(Boolean).pop() ?? path,
    enabled: bool(childText(settings, 'Enabled'), true),
    triggers: childElements(firstChild(task, 'Triggers')).map((t) => {
      const userId = childText(t, 'UserId');
      return {
        kind: TRIGGERS[localName(t.name)] ?? 'other',
        enabled: bool(childText(t, 'Enabled'), true),
        ...(userId ? { userId } : {}),
      };
    }),
    ...(principal ? { principal } : {}),
    actions,
    otherActions: all.length - actions.length,
    ...(description ? { description } : {}),
    ...(author ? { author } : {}),
  };
}

function readPrincipal(task: XmlElement, context: string | undefined): TaskPrincipal | undefined {
  const principals = childElements(firstChild(task, 'Principals'), 'Principal');
  const chosen = principals.find((p) => context && p.attrs.id === context) ?? principals[0];
  if (!chosen) return undefined;
  const userId = childText(chosen, 'UserId');
  const groupId = childText(chosen, 'GroupId');
  const logonType = childText(chosen, 'LogonType');
  const runLevel = childText(chosen, 'RunLevel');
  const runsWhenLoggedOff =
    logonType !== undefined
      ? /^(Password|S4U|InteractiveTokenOrPassword|ServiceAccount)$/i.test(logonType)
      : userId !== undefined && SERVICE_ACCOUNTS.test(userId);
  return {
    ...(userId ? { userId } : {}),
    ...(groupId ? { groupId } : {}),
    ...(logonType ? { logonType } : {}),
    ...(runLevel ? { runLevel } : {}),
    runsWhenLoggedOff,
  };
}

/** xs:boolean: true/false/1/0; absent → the schema's default. */
function bool(text: string | undefined, fallback: boolean): boolean {
  if (text === undefined || text === '') return fallback;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return fallback;
}
