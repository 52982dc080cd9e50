// Shortens _locales message names in a built extension folder, in place: every name is written
// three times (en, zh_CN, the code that asks for it), and ~300 readable names cost ~2.5 KB of the
// 64 KB zip (measured on the Chrome zip: 65,278 -> 62,791 B). Sources keep the readable names.
//
// A name is only shortened where that is provably safe:
// - it appears in the JS and HTML only as a whole quoted literal or a data-i18n attribute value
//   (never as a bare word: a property, a DOM event name like 'close'),
// - no code builds it from a prefix (`kind_${k}`, 'linkErr_' + code): such families get a short
//   prefix instead (`a_${k}`), when every mention of the prefix is such a build,
// - the manifest does not name it (__MSG_extName__), and no classic script (`classicFiles`: no
//   imports, so they ask the browser by name themselves) mentions it,
// - it has a capital or an underscore (popupOpen, kind_chat): a plain lowercase word like 'close' is
//   also an event name, a tag or a class, and a literal of it may not be a message name at all.
// A shortened name is its position in base 36, upper case ("0", "1", … "Z", "10", …; the most used
// first): pack-messages.mjs then stores the texts by position, with no names at all, and
// src/shared/i18n.ts reads such a name as a position. No original name is all digits and capitals
// (checked), so the two kinds cannot meet. Family prefixes are lowercase letters.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function filesUnder(dir, ext) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '_locales' ? [] : filesUnder(path, ext);
    return path.endsWith(ext) ? [path] : [];
  });
}

/** a, b, … z, a0, … : a family's short prefix. */
function* shortNames() {
  const first = 'abcdefghijklmnopqrstuvwxyz';
  const rest = `${first}0123456789`;
  for (let length = 1; ; length++) {
    const count = first.length * rest.length ** (length - 1);
    for (let i = 0; i < count; i++) {
      let n = i;
      let name = first[n % first.length];
      n = Math.floor(n / first.length);
      for (let j = 1; j < length; j++) {
        name += rest[n % rest.length];
        n = Math.floor(n / rest.length);
      }
      yield name;
    }
  }
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The name of position `i` (see the header). */
const positionalName = (i) => i.toString(36).toUpperCase();
export const POSITIONAL = /^[0-9A-Z]+$/;

/** Returns how many names were shortened; throws if a shortened name is still referenced. */
export function shortenLocaleKeys(dir, classicFiles = []) {
  const locales = readdirSync(join(dir, '_locales')).map((l) => join(dir, '_locales', l, 'messages.json'));
  const messages = locales.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const names = Object.keys(messages[0]);
  const js = filesUnder(dir, '.js');
  const html = filesUnder(dir, '.html');
  const code = new Map([...js, ...html].map((f) => [f, readFileSync(f, 'utf8')]));
  const allJs = js.map((f) => code.get(f)).join('\n');
  const allHtml = html.map((f) => code.get(f)).join('\n');
  const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8');
  const classic = classicFiles.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const positional = names.filter((n) => POSITIONAL.test(n));
  if (positional.length) throw new Error(`message names that read as positions: ${positional.join(', ')}`);

  const prefixes = new Set();
  for (const [, p] of allJs.matchAll(/`([A-Za-z0-9_]+)\$\{/g)) prefixes.add(p);
  for (const [, p] of allJs.matchAll(/["'`]([A-Za-z0-9_]+)["'`]\s*\+/g)) prefixes.add(p);

  const quoted = (name) => new RegExp(`(["'\`])${escapeRe(name)}\\1`, 'g');
  const attribute = (name) => new RegExp(`(data-i18n(?:-label)?=")${escapeRe(name)}"`, 'g');
  const word = (name) => new RegExp(`(?<![A-Za-z0-9_$])${escapeRe(name)}(?![A-Za-z0-9_$])`, 'g');
  const count = (re, s) => (s.match(re) ?? []).length;

  const uses = new Map();
  for (const name of names) {
    if (manifest.includes(`__MSG_${name}__`) || !/[A-Z_]/.test(name) || quoted(name).test(classic)) continue;
    if ([...prefixes].some((p) => name.startsWith(p))) continue;
    const literal = count(quoted(name), allJs);
    const inHtml = count(attribute(name), allHtml);
    const bare = count(word(name), allJs) + count(word(name), allHtml);
    if (literal + inHtml === 0 || bare !== literal + inHtml) continue;
    uses.set(name, literal + inHtml);
  }

  // The most used names get the shortest replacements.
  const rename = new Map([...uses].sort((a, b) => b[1] - a[1]).map(([name], i) => [name, positionalName(i)]));

  // A family built from a prefix (`kind_${k}`) gets a short prefix instead, when every mention of
  // the prefix is such a build or a whole literal of one of its names.
  const families = new Map();
  const wordStart = (p) => new RegExp(`(?<![A-Za-z0-9_$])${escapeRe(p)}`, 'g');
  const head = (p) => new RegExp(`\`${escapeRe(p)}\\$\\{`, 'g');
  const joined = (p) => new RegExp(`(["'\`])${escapeRe(p)}\\1(\\s*\\+)`, 'g');
  const familyNames = shortNames();
  for (const p of prefixes) {
    if (!p.endsWith('_') || p.length < 3) continue;
    const members = names.filter((n) => n.startsWith(p) && !manifest.includes(`__MSG_${n}__`));
    if (members.length === 0) continue;
    const known =
      count(head(p), allJs) +
      count(joined(p), allJs) +
      members.reduce((n, m) => n + count(quoted(m), allJs) + count(attribute(m), allHtml), 0);
    if (known !== count(wordStart(p), allJs) + count(wordStart(p), allHtml)) continue;
    const to = `${familyNames.next().value}_`;
    families.set(p, to);
    for (const m of members) rename.set(m, to + m.slice(p.length));
  }

  for (const [file, text] of code) {
    let out = text;
    for (const [from, to] of families) {
      out = out.replace(head(from), `\`${to}\${`).replace(joined(from), `$1${to}$1$2`);
    }
    for (const [from, to] of rename) {
      out = out.replace(quoted(from), `$1${to}$1`);
      if (file.endsWith('.html')) out = out.replace(attribute(from), `$1${to}"`);
    }
    for (const from of families.keys()) {
      if (wordStart(from).test(out)) throw new Error(`${file} still builds names from ${from} after shortening`);
    }
    for (const from of rename.keys()) {
      if (word(from).test(out)) throw new Error(`${file} still names the message ${from} after shortening`);
    }
    if (out !== text) writeFileSync(file, out);
  }
  locales.forEach((file, i) => {
    const renamed = Object.fromEntries(Object.entries(messages[i]).map(([name, m]) => [rename.get(name) ?? name, m]));
    writeFileSync(file, JSON.stringify(renamed));
  });
  return rename.size;
}
