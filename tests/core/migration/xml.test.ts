import { describe, expect, it } from 'vitest';
import { childText, parseXml, XmlError, type XmlElement } from '../../../main/core/migration/xml';

const root = (text: string) => parseXml(text).find((n) => n.type === 'element') as XmlElement;

describe('the small XML reader', () => {
  it('reads elements, attributes, comments and the predefined and numeric entities', () => {
    const nodes = parseXml(
      '<?xml version="1.0" encoding="UTF-16"?>\r\n<!-- \\Folder\\Name -->\r\n<a x="1 &amp; 2" y=\'&quot;q&quot;\'><b>&lt;C:\\x&gt; &apos;&#65;&#x42;&#x1F600;</b><c/></a>',
    );
    expect(nodes.map((n) => n.type)).toEqual(['comment', 'element']);
    expect(nodes[0]).toEqual({ type: 'comment', value: ' \\Folder\\Name ' });
    const a = nodes[1] as XmlElement;
    expect(a.attrs).toEqual({ x: '1 & 2', y: '"q"' });
    expect(childText(a, 'b')).toBe("<C:\\x> 'AB😀");
    expect(childText(a, 'c')).toBe('');
    expect(childText(a, 'd')).toBeUndefined();
  });

  it('matches elements by local name (a prefix is allowed) and accepts CDATA', () => {
    const a = root('<t:Task xmlns:t="urn:x"><t:Command><![CDATA[a<b&c]]></t:Command></t:Task>');
    expect(childText(a, 'Command')).toBe('a<b&c');
  });

  it.each([
    ['<a>&nbsp;</a>', 'line 1: unknown entity &nbsp;'],
    ['<a>\n\nfish & chips</a>', 'line 3: "&" that does not start an entity (write it as &amp;)'],
    ['<a><b></a>', 'line 1: </a> closes <b>'],
    ['<a>\n<b>\n</b>', 'line 3: <a> is never closed (the input ends first)'],
    [
      '<!DOCTYPE a [<!ENTITY x "y">]><a/>',
      'line 1: a DOCTYPE or other declaration is not accepted here',
    ],
    ['<a x=1/>', 'line 1: the value of x is not quoted'],
    ['<a x="1" x="2"/>', 'line 1: the attribute x is repeated in <a>'],
    ['<a>&#0;</a>', 'line 1: &#0; is not a character XML allows'],
    ['hello <a/>', 'line 1: text outside of any element'],
    ['<a>1 < 2</a>', 'line 1: "<" that does not start a tag (write it as &lt;)'],
    ['<a><!-- open', 'line 1: unterminated comment'],
    ['</a>', 'line 1: </a> closes nothing'],
  ])('refuses %j with a clear error', (text, message) => {
    expect(() => parseXml(text)).toThrow(XmlError);
    expect(() => parseXml(text)).toThrow(message);
  });
});
