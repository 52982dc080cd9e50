/** A message body as nodes: text as text, http(s) links as links opening in a new tab. */
import { splitLinks } from '../core/links.ts';
import { h } from '../shared/dom.ts';

export function bodyNodes(text: string): Array<Node | string> {
  return splitLinks(text).map((p) =>
    // noopener: the page opened gets no handle on this window; noreferrer: nor learns where from.
    p.href ? h('a', { href: p.href, target: '_blank', rel: 'noopener noreferrer' }, p.text) : p.text,
  );
}
