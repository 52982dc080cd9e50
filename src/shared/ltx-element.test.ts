import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import xml, { Element as XmppElement, Parser } from '@xmpp/xml';
// ltx's own Element, past the plugin that routes imports of it to the trimmed copy (the query).
import LtxElement from 'ltx/src/Element.js?original';
import { describe, expect, it } from 'vitest';
import Element from './ltx-element.ts';

const LEFT_OUT = ['getAttr', 'getXmlns', 'getChildByAttr', 'getChildrenByAttr', 'getChildrenByFilter', '_addChildren', 'root', 'tree', 'up', 'c', 'attr'];

function parse(text: string): Element {
  const p = new Parser();
  let root: Element | undefined;
  p.on('start', (el: Element) => {
    root = el;
  });
  p.on('element', (el: Element) => root?.append(el));
  p.write(text);
  return root as Element;
}

/** The same tree built with ltx's class. */
function asLtx(el: Element): InstanceType<typeof LtxElement> {
  const copy = new LtxElement(el.name, { ...el.attrs });
  for (const child of el.children) copy.append(child instanceof Element ? asLtx(child) : child);
  return copy;
}

const SAMPLE =
  '<stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams">' +
  '<message to="a@b" id="1" type="chat"><body>1 &lt; 2 &amp; "q"</body><x:y xmlns:x="urn:x"/>' +
  '<thread>t</thread><received xmlns="urn:xmpp:receipts" id="0"/></message></stream:stream>';

describe('the trimmed ltx Element', () => {
  it('is the class @xmpp/xml and its parser build', () => {
    expect(XmppElement).toBe(Element);
    expect(xml('a')).toBeInstanceOf(Element);
    expect(parse(SAMPLE)).toBeInstanceOf(Element);
  });

  it('reads and writes a tree as ltx does', () => {
    const ours = parse(SAMPLE);
    const theirs = asLtx(ours);
    expect(ours.toString()).toBe(theirs.toString());
    const msg = ours.getChild('message');
    const ltxMsg = theirs.getChild('message');
    expect(msg?.getNS()).toBe('jabber:client');
    expect(msg?.getChildText('body')).toBe(ltxMsg?.getChildText('body'));
    expect(msg?.getChild('y')?.getNS()).toBe('urn:x');
    expect(msg?.getChild('received', 'urn:xmpp:receipts')?.attrs.id).toBe('0');
    expect(msg?.getChildren('thread').length).toBe(1);
    expect(msg?.getChildElements().map((e) => e.name)).toEqual(ltxMsg?.getChildElements().map((e) => e.name));
    expect(msg?.is('message', 'jabber:client')).toBe(true);
    msg?.remove('thread');
    ltxMsg?.remove('thread');
    expect(ours.toString()).toBe(theirs.toString());
  });

  it('builds with xml() as ltx does: attributes as text, no empty ones, numbers as text', () => {
    const el = xml('iq', { type: 'set', id: 7 as unknown as string, to: undefined }, xml('q', 'urn:q', 'text', 3 as unknown as string));
    const ltx = new LtxElement('iq', { type: 'set', id: '7' });
    ltx.cnode(new LtxElement('q', 'urn:q')).t('text').t(3 as unknown as string);
    expect(el.toString()).toBe(ltx.toString());
  });

  it('has every method ltx has, but the left-out ones', () => {
    const names = (proto: object) => Object.getOwnPropertyNames(proto).sort();
    expect(names(Element.prototype)).toEqual(names(LtxElement.prototype).filter((n) => !LEFT_OUT.includes(n)));
  });

  it('is not asked for a left-out method anywhere in src/ (the @types/ltx types still list them)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : [],
      );
    const call = new RegExp(`\\.(${LEFT_OUT.join('|')})\\(`);
    const callers = files('src').filter((f) => call.test(readFileSync(f, 'utf8')));
    expect(callers).toEqual([]);
  });
});
