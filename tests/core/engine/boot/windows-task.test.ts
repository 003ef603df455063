import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { encodeTaskXml, taskXml, type EngineServiceSpec } from '../../../../main/core/engine/boot';
import { schtasksCreateArgs, winQuote } from '../../../../main/core/engine/boot/windows-task';

const TASK_NS = 'http://schemas.microsoft.com/windows/2004/02/mit/task';

const spec: EngineServiceSpec = {
  argv: [
    'C:\\Program Files\\nodejs\\node.exe',
    '--single-threaded-gc',
    'C:\\ProgramData\\Tunnelkeeper\\engine\\tunnelkeeper.cjs',
    'engine',
    'run',
    '--config',
    'C:\\R&D tunnels\\config.json',
  ],
  workingDirectory: 'C:\\R&D tunnels',
  configPath: 'C:\\R&D tunnels\\config.json',
};

function parse(text: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (msg: string) => void errors.push(msg),
      fatalError: (msg: string) => void errors.push(msg),
    },
  }).parseFromString(text, 'text/xml');
  expect(errors).toEqual([]);
  const root = doc.documentElement!;
  /** The text of the one element at this path below <Task>, e.g. 'Settings/RestartOnFailure/Count'. */
  const at = (pathText: string): string | undefined => {
    let node: Element | undefined = root as unknown as Element;
    for (const name of pathText.split('/')) {
      const children: NodeList | undefined = node?.childNodes;
      node = Array.from({ length: children?.length ?? 0 }, (_, i) => children!.item(i)).find(
        (child): child is Element => child?.nodeType === 1 && (child as Element).localName === name,
      );
      if (!node) return undefined;
      expect(node.namespaceURI).toBe(TASK_NS);
    }
    return node?.textContent ?? undefined;
  };
  return { root, at };
}

describe('Task Scheduler definition of the engine', () => {
  it('is a task of the Task Scheduler schema that starts at boot as SYSTEM, whoever is logged on', () => {
    const { root, at } = parse(taskXml(spec));
    expect(root.localName).toBe('Task');
    expect(root.namespaceURI).toBe(TASK_NS);
    expect(at('Triggers/BootTrigger/Enabled')).toBe('true');
    expect(at('Principals/Principal/UserId')).toBe('S-1-5-18');
    // SYSTEM has no LogonType of the schema's list; its SID is enough (and /RU SYSTEM).
    expect(at('Principals/Principal/LogonType')).toBeUndefined();
    expect(at('Principals/Principal/RunLevel')).toBe('HighestAvailable');
  });

  it('sets every setting whose schema default is wrong for a tunnel', () => {
    const { at } = parse(taskXml(spec));
    expect(at('Settings/DisallowStartIfOnBatteries')).toBe('false');
    expect(at('Settings/StopIfGoingOnBatteries')).toBe('false');
    expect(at('Settings/ExecutionTimeLimit')).toBe('PT0S');
    expect(at('Settings/RestartOnFailure/Interval')).toBe('PT1M');
    expect(at('Settings/RestartOnFailure/Count')).toBe('999');
    expect(at('Settings/MultipleInstancesPolicy')).toBe('IgnoreNew');
    expect(at('Settings/StartWhenAvailable')).toBe('true');
    expect(at('Settings/AllowHardTerminate')).toBe('true');
    expect(at('Settings/Enabled')).toBe('true');
    expect(at('Settings/Priority')).toBe('4');
    expect(at('Settings/IdleSettings/StopOnIdleEnd')).toBe('false');
  });

  it('runs node with the bin flag and the bundle, with `engine run --config`, quoted for Windows', () => {
    const { at } = parse(taskXml(spec));
    expect(at('Actions/Exec/Command')).toBe('C:\\Program Files\\nodejs\\node.exe');
    expect(at('Actions/Exec/Arguments')).toBe(
      '--single-threaded-gc C:\\ProgramData\\Tunnelkeeper\\engine\\tunnelkeeper.cjs engine run --config "C:\\R&D tunnels\\config.json"',
    );
    expect(at('Actions/Exec/WorkingDirectory')).toBe('C:\\R&D tunnels');
    expect(at('RegistrationInfo/Description')).toMatch(/Tunnelkeeper engine.*C:\\R&D tunnels/);
  });

  it('with --user: an S4U logon (no password stored), least privilege, and no /RU for schtasks', () => {
    const { at } = parse(taskXml({ ...spec, user: 'CORP\\licadmin' }));
    expect(at('Principals/Principal/UserId')).toBe('CORP\\licadmin');
    expect(at('Principals/Principal/LogonType')).toBe('S4U');
    expect(at('Principals/Principal/RunLevel')).toBe('LeastPrivilege');
    expect(schtasksCreateArgs('Tunnelkeeper\\Engine', 'C:\\t.xml', 'CORP\\licadmin')).toEqual([
      '/Create',
      '/TN',
      'Tunnelkeeper\\Engine',
      '/XML',
      'C:\\t.xml',
      '/F',
    ]);
    expect(schtasksCreateArgs('Tunnelkeeper\\Engine', 'C:\\t.xml')).toEqual([
      '/Create',
      '/TN',
      'Tunnelkeeper\\Engine',
      '/XML',
      'C:\\t.xml',
      '/RU',
      'SYSTEM',
      '/F',
    ]);
  });

  it('is written as UTF-16 LE with a BOM, which decodes back to the same task', () => {
    const text = taskXml(spec);
    const bytes = Buffer.from(encodeTaskXml(text));
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.length).toBe(2 + 2 * text.length);
    const decoded = bytes.subarray(2).toString('utf16le');
    expect(decoded).toBe(text);
    expect(parse(decoded).at('Settings/ExecutionTimeLimit')).toBe('PT0S');
  });

  it('quotes arguments by the CommandLineToArgvW rules', () => {
    expect(winQuote('plain')).toBe('plain');
    expect(winQuote('two words')).toBe('"two words"');
    expect(winQuote('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
    expect(winQuote('say "hi"')).toBe('"say \\"hi\\""');
    expect(winQuote('')).toBe('""');
  });
});
