/**
 * A small, strict XML reader for one well-defined input: what `schtasks /query /xml` prints
 * (Task Scheduler task definitions, https://learn.microsoft.com/en-us/windows/win32/taskschd/task-scheduler-schema).
 *
 * Why not a library: the project has no XML parser among its dependencies (package.json), and
 * one is not worth adding for this subset. What schtasks writes is plain: an XML declaration,
 * comments (`<!-- \Folder\Name -->` before each task of the `ONE` export), elements with quoted
 * attributes, character data with the five predefined entities and character references. That
 * is all this reader accepts; anything else (a DOCTYPE, an unknown entity, a stray `<` or `&`,
 * a mismatched end tag) is an XmlError naming the line, never a guess. A DOCTYPE is refused
 * outright: it is never in schtasks output and is the door to entity expansion attacks.
 *
 * Several top-level elements are accepted (with XML declarations between them): without `ONE`,
 * schtasks prints one XML document per task, one after the other.
 */
export interface XmlElement {
  type: 'element';
  /** As written, with its prefix if any (`td:Task`). */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export interface XmlText {
  type: 'text';
  value: string;
}
export interface XmlComment {
  type: 'comment';
  value: string;
}
export type XmlNode = XmlElement | XmlText | XmlComment;

export class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'XmlError';
  }
}

/** Deeper than any task definition (Task/Triggers/CalendarTrigger/ScheduleByWeek/DaysOfWeek/…). */
const MAX_DEPTH = 64;
const NAME = /^[A-Za-z_:][-A-Za-z0-9._:]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(text: string): XmlNode[] {
  const top: XmlNode[] = [];
  const stack: XmlElement[] = [];
  let i = 0;
  const lineAt = (at: number): number => {
    let line = 1;
    for (let k = 0; k < at && k < text.length; k++) if (text.charCodeAt(k) === 10) line++;
    return line;
  };
  const fail = (message: string, at = i): never => {
    throw new XmlError(message, lineAt(at));
  };
  const into = (): XmlNode[] => stack[stack.length - 1]?.children ?? top;

  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? text.length : lt;
    if (end > i) {
      const raw = text.slice(i, end);
      if (stack.length === 0) {
        if (raw.trim() !== '') fail('text outside of any element');
      } else into().push({ type: 'text', value: decodeEntities(raw, i, fail) });
      i = end;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const close = text.indexOf('?>', i + 2);
      if (close < 0) fail('unterminated processing instruction or XML declaration');
      i = close + 2;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0) fail('unterminated comment');
      into().push({ type: 'comment', value: text.slice(i + 4, close) });
      i = close + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) fail('CDATA outside of any element');
      const close = text.indexOf(']]>', i + 9);
      if (close < 0) fail('unterminated CDATA section');
      into().push({ type: 'text', value: text.slice(i + 9, close) });
      i = close + 3;
      continue;
    }
    if (text.startsWith('<!', i)) fail('a DOCTYPE or other declaration is not accepted here');
    if (text.startsWith('</', i)) {
      const m = NAME.exec(text.slice(i + 2));
      if (!m) fail('an end tag without a name');
      const name = (m as RegExpExecArray)[0];
      let k = i + 2 + name.length;
      while (/\s/.test(text[k] ?? '')) k++;
      if (text[k] !== '>') fail(`the end tag </${name}> is not closed with ">"`);
      const open = stack.pop();
      if (!open) fail(`</${name}> closes nothing`);
      if (open && open.name !== name) fail(`</${name}> closes <${open.name}>`);
      i = k + 1;
      continue;
    }
    // A start tag (or an empty-element tag).
    const m = NAME.exec(text.slice(i + 1));
    if (!m) fail('"<" that does not start a tag (write it as &lt;)');
    const name = (m as RegExpExecArray)[0];
    let k = i + 1 + name.length;
    const attrs: Record<string, string> = {};
    for (;;) {
      const ws = k;
      while (/\s/.test(text[k] ?? '')) k++;
      if (text[k] === '>' || text.startsWith('/>', k)) break;
      if (k >= text.length) fail(`the tag <${name}> is not closed`);
      if (k === ws) fail(`attributes of <${name}> must be separated by white space`, k);
      const an = NAME.exec(text.slice(k));
      if (!an) fail(`a malformed attribute in <${name}>`, k);
      const attr = (an as RegExpExecArray)[0];
      k += attr.length;
      while (/\s/.test(text[k] ?? '')) k++;
      if (text[k] !== '=') fail(`the attribute ${attr} of <${name}> has no value`, k);
      k++;
      while (/\s/.test(text[k] ?? '')) k++;
      const quote = text[k];
      if (quote !== '"' && quote !== "'") fail(`the value of ${attr} is not quoted`, k);
      const close = text.indexOf(quote as string, k + 1);
      if (close < 0) fail(`the value of ${attr} is not closed`, k);
      const raw = text.slice(k + 1, close);
      if (raw.includes('<')) fail(`"<" in the value of ${attr}`, k);
      if (attr in attrs) fail(`the attribute ${attr} is repeated in <${name}>`, k);
      attrs[attr] = decodeEntities(raw, k + 1, fail);
      k = close + 1;
    }
    const element: XmlElement = { type: 'element', name, attrs, children: [] };
    into().push(element);
    if (text.startsWith('/>', k)) i = k + 2;
    else {
      if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
      stack.push(element);
      i = k + 1;
    }
  }
  const open = stack[stack.length - 1];
  if (open) fail(`<${open.name}> is never closed (the input ends first)`, text.length);
  return top;
}

/** `&amp; &lt; &gt; &quot; &apos;` and `&#NN;` / `&#xHH;`; anything else is an error. */
function decodeEntities(raw: string, at: number, fail: (m: string, at?: number) => never): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s<]*);?/g, (whole, body: string, offset: number) => {
    if (!whole.endsWith(';'))
      fail('"&" that does not start an entity (write it as &amp;)', at + offset);
    if (body in ENTITIES) return ENTITIES[body] as string;
    const num = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (num) {
      const code = num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]);
      const allowed =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) ||
        (code >= 0x10000 && code <= 0x10ffff);
      if (!allowed) fail(`&${body}; is not a character XML allows`, at + offset);
      return String.fromCodePoint(code);
    }
    return fail(`unknown entity &${body};`, at + offset);
  });
}

/** The name without its namespace prefix: schtasks writes none, other exporters may. */
export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

export function childElements(parent: XmlElement | undefined, name?: string): XmlElement[] {
  if (!parent) return [];
  return parent.children.filter(
    (c): c is XmlElement =>
      c.type === 'element' && (name === undefined || localName(c.name) === name),
  );
}

export function firstChild(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return childElements(parent, name)[0];
}

/** The concatenated character data of an element (its own text, not its children's). */
export function textOf(element: XmlElement | undefined): string | undefined {
  if (!element) return undefined;
  return element.children
    .filter((c): c is XmlText => c.type === 'text')
    .map((c) => c.value)
    .join('');
}

/** The trimmed text of a child element, or undefined when the child is absent. */
export function childText(parent: XmlElement | undefined, name: string): string | undefined {
  const t = textOf(firstChild(parent, name));
  return t === undefined ? undefined : t.trim();
}
