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
  const messages = { extName: 'X', popupOpen: 'Open', kind_chat: 'Chat', close: 'Close', saveLabel: 'Save' };
  const dir = builtFolder(
    {
      'manifest.json': '{"name":"__MSG_extName__"}',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: minified code that builds a name from a prefix
      'a.js': 't("popupOpen");t(`kind_${k}`);ws.on("close",f);t("close");o.saveLabel=t("saveLabel")',
      'page.html': '<h1 data-i18n="popupOpen"></h1>',
    },
    messages,
  );
  const count = shortenLocaleKeys(dir);
  const en = JSON.parse(readFileSync(join(dir, '_locales/en/messages.json'), 'utf8'));
  const js = readFileSync(join(dir, 'a.js'), 'utf8');

  it('renames a name used only as a literal, in the code, the pages and every locale', () => {
    expect(count).toBe(1);
    expect(js).toContain('t("a")');
    expect(readFileSync(join(dir, 'page.html'), 'utf8')).toBe('<h1 data-i18n="a"></h1>');
    expect(en.a).toEqual({ message: 'Open' });
    expect(JSON.parse(readFileSync(join(dir, '_locales/zh_CN/messages.json'), 'utf8')).a).toEqual({ message: 'Open' });
  });

  it('keeps names the manifest uses, names built from a prefix, and names that are also bare words', () => {
    expect(Object.keys(en).sort()).toEqual(['a', 'close', 'extName', 'kind_chat', 'saveLabel']);
    expect(js).toContain('ws.on("close",f)');
  });
});
