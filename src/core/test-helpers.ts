import { expect } from 'vitest';
import { ParseError, type ParseErrorCode } from './errors';

/** Assert fn throws a ParseError with this code and a readable (non-empty, one-line) message. */
export function expectCode(fn: () => unknown, code: ParseErrorCode): ParseError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ParseError ${code}`).toBeInstanceOf(ParseError);
  const err = caught as ParseError;
  expect(err.code).toBe(code);
  expect(err.message.length).toBeGreaterThan(10);
  expect(err.message).not.toMatch(/[\n\r]/);
  return err;
}

/** An Action is plain JSON: survives a JSON round trip unchanged and has no undefined values. */
export function expectPlainJson(value: object): void {
  expect(JSON.parse(JSON.stringify(value))).toStrictEqual(value);
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    expect(Object.getPrototypeOf(v) === Object.prototype || Array.isArray(v)).toBe(true);
    for (const [k, child] of Object.entries(v)) {
      expect(child, `key ${k}`).not.toBeUndefined();
      walk(child);
    }
  };
  walk(value);
}
