/**
 * ltx's Element (3.1, src/Element.js) as the bundles use it (vite.config.ts routes every import
 * of it here): the same code, less the methods nothing here calls (getAttr, getXmlns,
 * getChildByAttr, getChildrenByAttr, getChildrenByFilter, root/tree, up, c, attr; _addChildren is
 * part of write(), and text() only reads). Measured: 0.9 KiB off the JS the action window loads.
 * Its test keeps src/ off the left-out methods (the types from @types/ltx still list them) and
 * compares what it writes with ltx's own Element.
 */
import { escapeXML, escapeXMLText } from 'ltx/src/escape.js';

type Attrs = Record<string, unknown>;
/** Children are elements or text; ltx checks them by shape (duck typing), and so does this. */
// biome-ignore lint/suspicious/noExplicitAny: ltx's children are untyped by design
type Child = any;

export default class Element {
  declare name: string;
  declare parent: Element | null;
  declare children: Child[];
  declare attrs: Attrs;

  constructor(name: string, attrs?: string | Attrs) {
    this.name = name;
    this.parent = null;
    this.children = [];
    this.attrs = {};
    this.setAttrs(attrs);
  }

  /** `if (element.is('message', 'jabber:client')) …` */
  is(name: string, xmlns?: string): boolean {
    return this.getName() === name && (!xmlns || this.getNS() === xmlns);
  }

  /** Without prefix. */
  getName(): string {
    const idx = this.name.indexOf(':');
    return idx >= 0 ? this.name.slice(idx + 1) : this.name;
  }

  /** The namespace of this element, upwards recursively. */
  getNS(): string | undefined {
    const idx = this.name.indexOf(':');
    if (idx >= 0) return this.findNS(this.name.slice(0, idx));
    return this.findNS();
  }

  /** The namespace of a prefix (or the default one), upwards recursively. */
  findNS(prefix?: string): string | undefined {
    if (!prefix) {
      if (this.attrs.xmlns) return this.attrs.xmlns as string;
      if (this.parent) return this.parent.findNS();
    } else {
      const attr = `xmlns:${prefix}`;
      if (this.attrs[attr]) return this.attrs[attr] as string;
      if (this.parent) return this.parent.findNS(prefix);
    }
    return undefined;
  }

  setAttrs(attrs?: string | Attrs): void {
    if (typeof attrs === 'string') this.attrs.xmlns = attrs;
    else if (attrs) Object.assign(this.attrs, attrs);
  }

  getChild(name: string, xmlns?: string): Element | undefined {
    return this.getChildren(name, xmlns)[0];
  }

  getChildren(name: string, xmlns?: string): Element[] {
    const result = [];
    for (const child of this.children) {
      if (child.getName && child.getName() === name && (!xmlns || child.getNS() === xmlns)) result.push(child);
    }
    return result;
  }

  getText(): string {
    let text = '';
    for (const child of this.children) {
      if (typeof child === 'string' || typeof child === 'number') text += child;
    }
    return text;
  }

  getChildText(name: string, xmlns?: string): string | null {
    const child = this.getChild(name, xmlns);
    return child ? child.getText() : null;
  }

  /** The direct children that are elements (not text). */
  getChildElements(): Element[] {
    return this.children.filter((child) => child instanceof Element);
  }

  cnode<T>(child: T): T {
    this.children.push(child);
    if (typeof child === 'object') (child as Child).parent = this;
    return child;
  }

  append(...nodes: Child[]): void {
    for (const node of nodes) {
      this.children.push(node);
      if (typeof node === 'object') node.parent = this;
    }
  }

  prepend(...nodes: Child[]): void {
    for (const node of nodes) {
      this.children.unshift(node);
      if (typeof node === 'object') node.parent = this;
    }
  }

  /** Adds a text node; answers this element. */
  t(text: string): this {
    this.children.push(text);
    return this;
  }

  /** Either `el.remove(childEl)` or `el.remove('author', 'urn:…')`. */
  remove(el: Element | string, xmlns?: string): this {
    const filter =
      typeof el === 'string' ? (child: Child) => !child.is?.(el, xmlns) : (child: Child) => child !== el;
    this.children = this.children.filter(filter);
    return this;
  }

  /** ltx's text(value) also sets the text of an element that has one child; nothing here does. */
  text(): string {
    return this.getText();
  }

  toString(): string {
    let s = '';
    this.write((c) => {
      s += c;
    });
    return s;
  }

  write(writer: (s: string) => void): void {
    writer('<');
    writer(this.name);
    for (const k in this.attrs) {
      const v = this.attrs[k] as Child;
      // === null || undefined
      if (v != null) {
        writer(' ');
        writer(k);
        writer('="');
        writer(escapeXML(typeof v === 'string' ? v : v.toString(10)));
        writer('"');
      }
    }
    if (this.children.length === 0) {
      writer('/>');
      return;
    }
    writer('>');
    for (const child of this.children) {
      // Skip null/undefined
      if (child != null) {
        if (child.write) child.write(writer);
        else if (typeof child === 'string') writer(escapeXMLText(child));
        else if (child.toString) writer(escapeXMLText(child.toString(10)));
      }
    }
    writer('</');
    writer(this.name);
    writer('>');
  }
}
