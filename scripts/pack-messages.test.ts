import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { packLocaleMessages } from './pack-messages.mjs';
import { shortenLocaleKeys } from './short-keys.mjs';

type Messages = Record<string, string>;

// The browser that i18n.ts asks, set per test.
const browserI18n = vi.hoisted(() => ({ getMessage: (_name: string, _subs?: string[]): string => '' }));
vi.mock('../src/shared/browser.ts', () => ({ browser: { i18n: { getMessage: (n: string, s?: string[]) => browserI18n.getMessage(n, s) } } }));

/** A built folder: code, a classic script, a manifest, and messages per locale. */
function builtFolder(files: Record<string, string>, locales: Record<string, Messages>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pack-messages-'));
  for (const [locale, messages] of Object.entries(locales)) {
    mkdirSync(join(dir, '_locales', locale), { recursive: true });
    const json = Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, { message: v }]));
    writeFileSync(join(dir, '_locales', locale, 'messages.json'), JSON.stringify(json));
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const read = (dir: string, locale: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(join(dir, '_locales', locale, 'messages.json'), 'utf8'));

/**
 * The browser's getMessage over a locale's messages.json, with its fallback to the default
 * locale per name and its $1…$9 (an absent substitution is empty; Chromium's
 * ReplaceStringPlaceholders).
 */
function getMessageOver(dir: string, locale: string) {
  const own = read(dir, locale);
  const fallback = read(dir, 'en');
  return (name: string, subs: string[] = []): string =>
    (own[name] ?? fallback[name])?.message.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '') ?? '';
}

const messages: Messages = {
  extName: 'Jabber Link',
  popupOpen: 'Open',
  savedAs: 'Saved $1 as $2',
  priceNote: 'Costs nothing, $1',
  landingDone: 'Opened',
  kind_chat: 'Chat with $1',
  onlyEnglish: 'English only',
};
const zh: Messages = { extName: 'Jabber Link', popupOpen: '打开', savedAs: '已将 $1 保存为 $2', priceNote: '免费，$1', landingDone: '已打开', kind_chat: '与 $1 聊天' };
const code =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: minified code that builds a name from a prefix
  't("popupOpen");t("savedAs",a,b);t("priceNote",c);t("onlyEnglish");t(`kind_${k}`);t("popupOpen")';

function packed(): string {
  const dir = builtFolder(
    {
      'manifest.json': '{"name":"__MSG_extName__","default_locale":"en"}',
      'a.js': code,
      'landing.js': 'chrome.i18n.getMessage("landingDone")',
    },
    { en: messages, zh_CN: zh },
  );
  shortenLocaleKeys(dir, ['landing.js']);
  packLocaleMessages(dir, ['en', 'zh_CN'], 'en');
  return dir;
}

describe('packLocaleMessages', () => {
  const dir = packed();

  it('leaves one message of texts by position, and the names the browser must find as entries', () => {
    const en = read(dir, 'en');
    expect(Object.keys(en).sort()).toEqual(['a_chat', 'extName', 'landingDone', 'messages']);
    // The most used name is position 0; '$' is packed as U+0001.
    expect(en.messages!.message.split('\n')[0]).toBe('Open');
    expect(en.messages!.message).toContain('Saved \u00011 as \u00012');
    expect(en.messages!.message).not.toContain('$');
  });

  it("refuses a '$' that is not $1…$9 (the browser's other '$' rules are not in i18n.ts)", () => {
    for (const text of ['Costs US$ 5', 'Pay $$1', 'Ends with $', '$0 off']) {
      const bad = builtFolder({ 'manifest.json': '{}', 'a.js': 't("priceNote")' }, { en: { priceNote: text } });
      shortenLocaleKeys(bad);
      expect(() => packLocaleMessages(bad, ['en'], 'en'), text).toThrow(/not \$1/);
    }
  });

  it("fills a position a locale lacks with the default locale's text, as the browser would", () => {
    expect(read(dir, 'zh_CN').messages!.message.split('\n')).toContain('English only');
  });
});

describe('t() over a packed build', () => {
  const dir = packed();
  const built = readFileSync(join(dir, 'a.js'), 'utf8');
  const name = (original: RegExp) => original.exec(built)![1]!;
  // A fresh i18n.ts each time: it reads the packed message once.
  const tIn = async (locale: string) => {
    vi.resetModules();
    browserI18n.getMessage = getMessageOver(dir, locale);
    return (await import('../src/shared/i18n.ts')).t;
  };

  it('reads every packed string, with its substitutions, in each locale', async () => {
    const open = name(/t\("([0-9A-Z]+)"\);t\("[0-9A-Z]+",a,b\)/);
    const saved = name(/t\("([0-9A-Z]+)",a,b\)/);
    const price = name(/t\("([0-9A-Z]+)",c\)/);
    const onlyEnglish = name(/t\("([0-9A-Z]+)"\);t\(`/);
    let t = await tIn('en');
    expect([t(open), t(saved, 'alice', 'Alice'), t(saved, 'alice'), t(price, 'really'), t(onlyEnglish)]).toEqual([
      'Open',
      'Saved alice as Alice',
      'Saved alice as ',
      'Costs nothing, really',
      'English only',
    ]);
    t = await tIn('zh_CN');
    expect([t(open), t(saved, 'alice', 'Alice'), t(onlyEnglish)]).toEqual(['打开', '已将 alice 保存为 Alice', 'English only']);
  });

  it('asks the browser by name for names kept as entries, and shows an unknown name as itself', async () => {
    const t = await tIn('zh_CN');
    expect(t('a_chat', 'bob')).toBe('与 bob 聊天');
    expect(t('extName')).toBe('Jabber Link');
    expect(t('noSuchName')).toBe('noSuchName');
  });
});
