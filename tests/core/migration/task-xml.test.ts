import { describe, expect, it } from 'vitest';
import { parseTaskXml, TaskXmlError } from '../../../main/core/migration/task-xml';
import { fixture } from './helpers';

const PROVIDER_ARGS =
  '-ssh -i C:\\Users\\admin\\.ssh\\id_rsa.ppk rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -R 4084:licsrv:4084 -N -batch';

describe('schtasks /query /xml: one task', () => {
  it('is UTF-16LE with a BOM and CRLF, as Windows writes it', () => {
    const bytes = fixture('plink-tunnel-task.xml');
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x3c, 0x00]);
    expect(bytes.subarray(2).toString('utf16le')).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-16"\?>\r\n<Task version="1\.2" xmlns="http:\/\/schemas\.microsoft\.com\/windows\/2004\/02\/mit\/task">\r\n/,
    );
  });

  it('gives the path, the boot trigger, the principal that runs when nobody is logged on, and the Exec action', () => {
    expect(parseTaskXml(fixture('plink-tunnel-task.xml'))).toEqual([
      {
        path: '\\plink tunnel',
        name: 'plink tunnel',
        enabled: true,
        triggers: [{ kind: 'boot', enabled: true }],
        principal: {
          userId: 'S-1-5-21-3623811015-3361044348-30300820-1013',
          logonType: 'Password',
          runLevel: 'HighestAvailable',
          runsWhenLoggedOff: true,
        },
        actions: [{ command: 'C:\\Program Files\\PuTTY\\plink.exe', arguments: PROVIDER_ARGS }],
        otherActions: 0,
        description: 'Reverse SSH tunnel to the Rescale license proxy (ANSYS & Abaqus)',
        author: 'LICSRV01\\admin',
      },
    ]);
  });

  it('reads the same task from UTF-8 (with or without a BOM) and from UTF-16LE without a BOM', () => {
    const text = fixture('plink-tunnel-task.xml').subarray(2).toString('utf16le');
    const expected = parseTaskXml(fixture('plink-tunnel-task.xml'));
    expect(parseTaskXml(Buffer.from(text, 'utf8'))).toEqual(expected);
    expect(parseTaskXml(Buffer.from(`\uFEFF${text}`, 'utf8'))).toEqual(expected);
    expect(parseTaskXml(Buffer.from(text, 'utf16le'))).toEqual(expected);
  });

  it('takes the name from the caller when the export carries no URI', () => {
    const xml = '<Task><Actions><Exec><Command>plink</Command></Exec></Actions></Task>';
    expect(parseTaskXml(Buffer.from(xml), { path: '\\T\\x' }).map((t) => [t.path, t.name])).toEqual(
      [['\\T\\x', 'x']],
    );
    expect(parseTaskXml(Buffer.from(xml))[0]?.path).toBe('(unnamed task)');
  });
});

describe('schtasks /query /xml ONE: every task', () => {
  const tasks = parseTaskXml(fixture('all-tasks-one.xml'));

  it('names each task from the comment before it and reads Settings/Enabled', () => {
    expect(tasks.map((t) => [t.path, t.enabled])).toEqual([
      ['\\Microsoft\\Windows\\Defrag\\ScheduledDefrag', true],
      ['\\plink tunnel', true],
      ['\\Tunnels\\Old Rescale tunnel', false],
      ['\\Tunnels\\Rescale tunnel (script)', true],
      ['\\Tunnels\\Other proxy', true],
      ['\\Tunnels\\Pageant with tunnel', true],
    ]);
  });

  it('reads triggers, logon types and actions (entities decoded, working directory kept)', () => {
    const byPath = new Map(tasks.map((t) => [t.path, t]));
    const defrag = byPath.get('\\Microsoft\\Windows\\Defrag\\ScheduledDefrag')!;
    expect(defrag.triggers).toEqual([{ kind: 'calendar', enabled: true }]);
    expect(defrag.principal).toEqual({
      userId: 'S-1-5-18',
      runLevel: 'HighestAvailable',
      runsWhenLoggedOff: true,
    });
    const old = byPath.get('\\Tunnels\\Old Rescale tunnel')!;
    expect(old.actions).toEqual([
      {
        command: '"C:\\Program Files\\PuTTY\\plink.exe"',
        arguments:
          '-ssh -i "C:\\Users\\admin\\My Keys\\old.ppk" rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -N -batch',
      },
    ]);
    const script = byPath.get('\\Tunnels\\Rescale tunnel (script)')!;
    expect(script.triggers).toEqual([{ kind: 'logon', enabled: true, userId: 'LICSRV01\\admin' }]);
    expect(script.principal?.logonType).toBe('S4U');
    expect(script.principal?.runsWhenLoggedOff).toBe(true);
    expect(script.actions).toEqual([
      { command: 'rescale-tunnel.bat', workingDirectory: 'C:\\Tunnels' },
    ]);
    const pageant = byPath.get('\\Tunnels\\Pageant with tunnel')!;
    expect(pageant.principal).toMatchObject({
      logonType: 'InteractiveToken',
      runsWhenLoggedOff: false,
    });
  });

  it('accepts an empty list (a machine with no tasks)', () => {
    expect(parseTaskXml(Buffer.from('<?xml version="1.0"?>\r\n<Tasks>\r\n</Tasks>\r\n'))).toEqual(
      [],
    );
  });
});

describe('what is not task XML is a clear error', () => {
  const utf16 = (text: string) =>
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

  it.each([
    [
      'XML with no Task',
      utf16('<?xml version="1.0" encoding="UTF-16"?>\r\n<Configuration><Item/></Configuration>'),
      '<Configuration> is not a task: expected the output of schtasks /query /xml (<Task> or <Tasks>)',
    ],
    [
      'a file that is only a declaration',
      utf16('<?xml version="1.0" encoding="UTF-16"?>\r\n'),
      'no <Task> element was found: expected the output of schtasks /query /xml (<Task> or <Tasks>)',
    ],
    [
      'a UTF-16LE BOM before UTF-8 text (wrong BOM)',
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('<?xml version="1.0"?><Task/>', 'utf8'),
      ]),
      'not readable as task XML: the input has a UTF-16LE byte order mark, but what follows is not UTF-16LE XML (it does not start with "<"): the file was converted or cut wrongly',
    ],
    [
      'a UTF-32 BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('<Task/>', 'utf16le')]),
      'not readable as task XML: the input starts with a UTF-32 little-endian byte order mark; Task Scheduler writes UTF-16LE or UTF-8',
    ],
    [
      'UTF-16 cut in the middle of a character',
      utf16('<Task/>').subarray(0, 9),
      'not readable as task XML: the UTF-16 text has an odd number of bytes (7): it was cut short or is not UTF-16',
    ],
    [
      'an export cut short',
      fixture('plink-tunnel-task.xml').subarray(0, 2000),
      'not readable as task XML: line 26: <StartWhenAvailable> is never closed (the input ends first)',
    ],
    ['nothing at all', Buffer.alloc(0), 'not readable as task XML: the input is empty'],
  ])('%s', (_what, bytes, message) => {
    expect(() => parseTaskXml(bytes)).toThrow(TaskXmlError);
    expect(() => parseTaskXml(bytes)).toThrow(message);
  });
});
