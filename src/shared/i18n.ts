import { browser } from './browser.ts';

/** A string from _locales; falls back to the key so a missing string is visible, not blank. */
export function t(key: string, ...subs: string[]): string {
  return browser.i18n.getMessage(key, subs) || key;
}

/** Fills elements marked `data-i18n="key"` (text) and `data-i18n-label` (aria-label). */
export function localizePage(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n ?? '');
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]'))
    el.setAttribute('aria-label', t(el.dataset.i18nLabel ?? ''));
  document.documentElement.lang = browser.i18n.getUILanguage();
}
