import { browser } from './browser.ts';

/**
 * A built extension names most strings by position ("0", "1", … "1F": base 36, upper case) and
 * carries their texts as the lines of one message per locale (scripts/short-keys.mjs and
 * pack-messages.mjs: ~300 JSON entries per locale cost more of the zip than their text). Any
 * other name (the sources' names in unit tests, the few kept as entries) is asked of the browser.
 */
let lines: string[] | undefined;
function packedLines(): string[] {
  lines ??= (browser.i18n.getMessage('messages') ?? '').split('\n');
  return lines;
}

/** A string from _locales; falls back to the key so a missing string is visible, not blank. */
export function t(key: string, ...subs: string[]): string {
  const text = /^[0-9A-Z]+$/.test(key) ? packedLines()[Number.parseInt(key, 36)] : undefined;
  // $1…$9 (packed as U+0001 and the digit) filled as the browser fills them: an absent one is empty.
  if (text) return text.replace(/\u0001(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  return browser.i18n.getMessage(key, subs) || key;
}

/**
 * Gives the page the language of its strings, the browser's UI language (screen readers and
 * fonts follow `lang`). The pages' texts are all set from script with t(); no markup is marked
 * for translation.
 */
export function localizePage(): void {
  document.documentElement.lang = browser.i18n.getUILanguage();
}
