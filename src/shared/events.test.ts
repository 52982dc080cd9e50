import { describe, expect, it } from 'vitest';
import { EventEmitter } from './events.ts';

describe('the EventEmitter stand-in', () => {
  it('calls listeners in order with the arguments, and reports whether any listened', () => {
    const e = new EventEmitter();
    const seen: string[] = [];
    e.on('x', (a: string, b: string) => seen.push(`1${a}${b}`));
    e.addListener('x', (a: string) => seen.push(`2${a}`));
    expect(e.emit('x', 'a', 'b')).toBe(true);
    expect(seen).toEqual(['1ab', '2a']);
    expect(e.emit('nobody')).toBe(false);
  });

  it('runs a once listener one time, and removes it by the original function', () => {
    const e = new EventEmitter();
    let n = 0;
    const fn = () => n++;
    e.once('x', fn);
    e.emit('x');
    e.emit('x');
    expect(n).toBe(1);
    e.once('y', fn);
    e.removeListener('y', fn);
    e.emit('y');
    expect(n).toBe(1);
    expect(e.listenerCount('y')).toBe(0);
  });

  it('still runs, for the current emit, a listener removed by an earlier one', () => {
    const e = new EventEmitter();
    const seen: number[] = [];
    const second = () => seen.push(2);
    e.on('x', () => {
      seen.push(1);
      e.off('x', second);
    });
    e.on('x', second);
    e.emit('x');
    e.emit('x');
    expect(seen).toEqual([1, 2, 1]);
  });

  it("throws an 'error' nobody listens to, and hands it to a listener otherwise", () => {
    const e = new EventEmitter();
    const boom = new Error('boom');
    expect(() => e.emit('error', boom)).toThrow(boom);
    let got: unknown;
    e.on('error', (err: unknown) => (got = err));
    e.emit('error', boom);
    expect(got).toBe(boom);
  });

  it('works as a base class, with `this` bound to the emitter', () => {
    class Thing extends EventEmitter {
      name = 'thing';
    }
    const t = new Thing();
    let who = '';
    t.on('x', function (this: Thing) {
      who = this.name;
    });
    t.emit('x');
    expect(who).toBe('thing');
    t.removeAllListeners();
    expect(t.listenerCount('x')).toBe(0);
  });
});
