import { describe, expect, it } from 'vitest';
import { serialQueue } from './serial.ts';

describe('serialQueue', () => {
  it('starts a task only once the one before it has finished, and a failure stops nothing', async () => {
    const serial = serialQueue();
    const log: string[] = [];
    const slow = serial(async () => {
      log.push('a start');
      await new Promise((r) => setTimeout(r, 20));
      log.push('a end');
      throw new Error('a failed');
    });
    const next = serial(async () => {
      log.push('b');
      return 2;
    });
    await expect(slow).rejects.toThrow('a failed');
    expect(await next).toBe(2);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });
});
