import { describe, expect, it } from 'vitest';
import { attribute, scanXml } from './xml-scan.js';

function events(xml: string): string[] {
  const out: string[] = [];
  scanXml(xml, {
    open: (name, attrs, self) => out.push(`<${name}${attrs}${self ? '/' : ''}>`),
    close: (name) => out.push(`</${name}>`),
    text: (t) => out.push(JSON.stringify(t)),
    wantText: () => true,
  });
  return out;
}

describe('scanXml', () => {
  it('gives opens, closes and decoded text, without namespace prefixes; skips comments, PIs and declarations', () => {
    expect(events('<?xml version="1.0"?><!DOCTYPE x><x:c r="A1" t="s"><!-- no --><v>1 &amp; &lt;2&#x41;</v><x:t><![CDATA[<raw> & text]]></x:t><e/></x:c>')).toEqual([
      '<c r="A1" t="s">', '<v>', '"1 & <2A"', '</v>', '<t>', '"<raw> & text"', '</t>', '<e/>', '</e>', '</c>',
    ]);
  });

  it('does not end a tag at a > inside a quoted attribute value, and stops quietly on unterminated input', () => {
    expect(events('<c f="a>b" g=\'>\'>x</c>')).toEqual(['<c f="a>b" g=\'>\'>', '"x"', '</c>']);
    expect(events('<c><v>1</v><!-- open')).toEqual(['<c>', '<v>', '"1"', '</v>']);
    expect(events('<c r="A1')).toEqual([]);
    expect(events('a<![CDATA[b')).toEqual(['"a"']);
  });

  it('reads attributes by name, any prefix, either quote', () => {
    expect(attribute(' r="B2" t=\'inlineStr\' x:id="&quot;q&quot;"', 'r')).toBe('B2');
    expect(attribute(' r="B2" t=\'inlineStr\'', 't')).toBe('inlineStr');
    expect(attribute(' x:id="&quot;q&quot;"', 'id')).toBe('"q"');
    expect(attribute(' tr="1"', 'r')).toBeUndefined();
  });
});
