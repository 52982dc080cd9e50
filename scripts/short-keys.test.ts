import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shortenLocaleKeys } from './short-keys.mjs';

function builtFolder(files: Record<string, string>, messages: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'short-keys-'));
  const json = JSON.stringify(Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, { message: v }])));
  for (const locale of ['en', 'zh_CN']) {
    mkdirSync(join(dir, '_locales', locale), { recursive: true });
    writeFileSync(join(dir, '_locales', locale, 'messages.json'), json);
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('shortenLocaleKeys', () => {
  const messages = {
    extName: 'X',
    popupOpen: 'Open',
    kind_chat: 'Chat',
    kind_join: 'Join',
    err_x: 'Bad',
    close: 'Close',
    saveLabel: 'Save',
  };
  const dir = builtFolder(
    {
      'manifest.json': '{"name":"__MSG_extName__"}',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: minified code that builds a name from a prefix
      'a.js': 't("popupOpen");t(`kind_${k}`);t("kind_join");t("err_"+c);log("err_ seen");ws.on("close",f);t("close");o.saveLabel=t("saveLabel")',
      'page.html': '<h1 data-i18n="popupOpen"></h1>',
    },
    messages,
  );
  const count = shortenLocaleKeys(dir);
  const en = JSON.parse(readFileSync(join(dir, '_locales/en/messages.json'), 'utf8'));
  const js = readFileSync(join(dir, 'a.js'), 'utf8');

  it('renames a name used only as a literal, in the code, the pages and every locale', () => {
    expect(count).toBe(3);
    // By position, in base 36 (pack-messages.mjs stores the texts so).
    expect(js).toContain('t("0")');
    expect(readFileSync(join(dir, 'page.html'), 'utf8')).toBe('<h1 data-i18n="0"></h1>');
    expect(en['0']).toEqual({ message: 'Open' });
    expect(JSON.parse(readFileSync(join(dir, '_locales/zh_CN/messages.json'), 'utf8'))['0']).toEqual({ message: 'Open' });
  });

  it('gives a family built from a prefix a short prefix, in the builds and the whole literals', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: minified code that builds a name from a prefix
    expect(js).toContain('t(`a_${k}`);t("a_join")');
    expect(en.a_chat).toEqual({ message: 'Chat' });
    expect(en.a_join).toEqual({ message: 'Join' });
  });

  it('keeps names the manifest uses, families mentioned otherwise, and names that are also bare words', () => {
    expect(Object.keys(en).sort()).toEqual(['0', 'a_chat', 'a_join', 'close', 'err_x', 'extName', 'saveLabel']);
    expect(js).toContain('t("err_"+c);log("err_ seen");ws.on("close",f)');
  });
});
