// Packs a built extension's positional messages (short-keys.mjs names them "0", "1", … "Z", "10", …
// in base 36) into one message per locale, in place: the texts one per line, by position, with no
// names. ~300 JSON entries per locale (`"1F":{"message":"…"},`) cost more of the zip than their
// text (measured on the Chrome zip: 67,035 -> 65,913 B). src/shared/i18n.ts reads a positional
// name as a line of that message; other names (the manifest's, the classic scripts', families
// built from a prefix) stay entries of their own, and the browser looks them up.
//
// Format, shared with i18n.ts: lines joined by '\n' (no message has one; JSON writes it as two
// bytes), a position no name took an empty line, and each $1…$9 as U+0001 and its digit: the
// browser would fill `$1` with an empty substitution when i18n.ts asks for the packed message.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { POSITIONAL } from './short-keys.mjs';

/** The one message the texts go in (src/shared/i18n.ts asks for it by this name). */
const PACKED_NAME = 'messages';

/**
 * `defaultLocale`: the locale whose text fills positions another locale lacks, as the browser
 * would for a missing entry. Returns how many messages were packed.
 */
export function packLocaleMessages(dir, locales, defaultLocale) {
  const read = (locale) => JSON.parse(readFileSync(join(dir, '_locales', locale, 'messages.json'), 'utf8'));
  const fallback = read(defaultLocale);
  if (PACKED_NAME in fallback) throw new Error(`a message is already named ${PACKED_NAME}`);
  const positional = Object.keys(fallback).filter((name) => POSITIONAL.test(name));
  for (const locale of locales) {
    const messages = read(locale);
    const lines = [];
    for (const name of positional) {
      const text = (messages[name] ?? fallback[name]).message;
      if (/[\n\u0001]/.test(text)) throw new Error(`${locale}/${name}: a newline or U+0001 in the text`);
      // Only $1…$9, which i18n.ts fills as the browser does; the browser's other '$' rules
      // ($$, a '$' before anything else) are not copied there.
      if (/\$(?![1-9])/.test(text)) throw new Error(`${locale}/${name}: a '$' that is not $1…$9`);
      lines[Number.parseInt(name, 36)] = text.replaceAll('$', '\u0001');
    }
    const out = { [PACKED_NAME]: { message: Array.from(lines, (l) => l ?? '').join('\n') } };
    for (const name of Object.keys(messages)) if (!POSITIONAL.test(name)) out[name] = messages[name];
    writeFileSync(join(dir, '_locales', locale, 'messages.json'), JSON.stringify(out));
  }
  return positional.length;
}
