// The package itself, past the alias to the stand-in (vitest.config.ts).
import koaCompose from 'koa-compose/index.js';
import { describe, expect, it } from 'vitest';
import compose from './compose.ts';

type Ctx = { seen: string[] };
type Mw = (ctx: Ctx, next: () => Promise<unknown>) => unknown;

// The same chains through the stand-in and through koa-compose itself: same order, same results.
async function both(stack: Mw[], next?: () => Promise<unknown>) {
  const run = async (c: (m: Mw[]) => (ctx: Ctx, next?: () => Promise<unknown>) => Promise<unknown>) => {
    const ctx: Ctx = { seen: [] };
    const result = await c(stack)(ctx, next).then(
      (value) => ({ value }),
      (error: Error) => ({ error: error.message }),
    );
    return { result, seen: ctx.seen };
  };
  const ours = await run(compose);
  expect(ours).toEqual(await run(koaCompose as never));
  return ours;
}

describe('the koa-compose stand-in', () => {
  it('runs handlers in order around next, and answers what the first one returns', async () => {
    const out = await both([
      async (ctx, next) => {
        ctx.seen.push('a');
        const r = await next();
        ctx.seen.push(`a after ${String(r)}`);
        return 'reply';
      },
      (ctx, next) => {
        ctx.seen.push('b');
        return next().then(() => 'b done');
      },
    ]);
    expect(out).toEqual({ result: { value: 'reply' }, seen: ['a', 'b', 'a after b done'] });
  });

  it('ends with the caller’s next, and stops where a handler does not call next', async () => {
    expect(await both([(_ctx, next) => next()], async () => 'end')).toEqual({ result: { value: 'end' }, seen: [] });
    const out = await both([(ctx) => ctx.seen.push('stop'), (ctx) => ctx.seen.push('never')]);
    expect(out.seen).toEqual(['stop']);
  });

  it('rejects when a handler throws, and when next is called twice', async () => {
    expect((await both([() => { throw new Error('boom'); }])).result).toEqual({ error: 'boom' });
    expect((await both([async (_c, next) => { await next(); await next(); }])).result).toEqual({ error: 'next() called multiple times' });
  });
});
