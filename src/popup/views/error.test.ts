import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FETCH_FILE_ERROR_CODES } from '../../background/fetch-file.ts';
import { PARSE_ERROR_CODES } from '../../core/errors.ts';

// 'internal': what requests.ts calls anything else that went wrong.
const FETCH_CODES = [...FETCH_FILE_ERROR_CODES, 'internal'];
const locale = (name: string) => JSON.parse(readFileSync(`public/_locales/${name}/messages.json`, 'utf8')) as Record<string, unknown>;

describe('error page sentences', () => {
  for (const name of ['en', 'zh_CN']) {
    it(`has one for every parse and re-read error code in ${name}`, () => {
      const messages = locale(name);
      const missing = [...PARSE_ERROR_CODES, ...FETCH_CODES].filter((c) => !messages[`linkErr_${c.replace(/-/g, '_')}`]);
      expect(missing).toEqual([]);
    });
  }
});
