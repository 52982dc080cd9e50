/** Test helper: parse one stanza from text with the same parser xmpp.js uses. */
import { type Element, Parser } from '@xmpp/xml';

export function parseStanza(text: string): Element {
  const parser = new Parser();
  let found: Element | undefined;
  parser.on('element', (el: Element) => {
    found ??= el;
  });
  parser.on('error', (err: Error) => {
    throw err;
  });
  // @xmpp/xml emits children of the root as 'element': wrap the stanza in a stream root.
  parser.write(`<stream xmlns='jabber:client'>${text}</stream>`);
  if (!found) throw new Error(`no stanza in: ${text}`);
  return found;
}
