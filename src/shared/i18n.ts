import { browser } from './browser.ts';

/** A string from _locales; falls back to the key so a missing string is visible, not blank. */
export function t(key: string, ...subs: string[]): string {
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
