/**
 * Stands in for koa-compose in the bundles (vite alias), which @xmpp/middleware uses to chain
 * stanza handlers: it is the one CommonJS package left, and it brought rolldown's CommonJS
 * interop into the action window (measured: ~0.7 KiB raw). Same contract for what
 * @xmpp/middleware passes (an array of functions): each handler gets the context and a `next`
 * that runs the rest, ending with the caller's `next`; a handler that throws rejects.
 */
type Next = () => Promise<unknown>;
type Middleware<C> = (ctx: C, next: Next) => unknown;

export default function compose<C>(middleware: Middleware<C>[]): (ctx: C, next?: Next) => Promise<unknown> {
  const fns = [...middleware];
  return (ctx, next) => {
    let index = -1;
    const dispatch = (i: number): Promise<unknown> => {
      if (i <= index) return Promise.reject(new Error('next() called multiple times'));
      index = i;
      const fn = i === fns.length ? next : fns[i];
      if (!fn) return Promise.resolve();
      try {
        return Promise.resolve(fn(ctx, () => dispatch(i + 1)));
      } catch (err) {
        return Promise.reject(err);
      }
    };
    return dispatch(0);
  };
}
