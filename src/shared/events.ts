/**
 * Stands in for the `events` package in the bundles (vite alias): xmpp.js and ltx only use
 * on/once/off/emit of Node's EventEmitter, and the full package cost ~1.5 KiB of the zip.
 * Node semantics kept where they matter: an 'error' with no listener throws, a listener removed
 * during emit still runs for that emit, `once` listeners can be removed by the original function.
 */
type Fn = ((...args: never[]) => unknown) & { listener?: Fn };

export class EventEmitter {
  #events = new Map<string | symbol, Fn[]>();

  on(event: string | symbol, fn: Fn): this {
    this.#events.set(event, [...(this.#events.get(event) ?? []), fn]);
    return this;
  }

  addListener(event: string | symbol, fn: Fn): this {
    return this.on(event, fn);
  }

  once(event: string | symbol, fn: Fn): this {
    const wrapper: Fn = (...args) => {
      this.off(event, wrapper);
      return fn.apply(this, args);
    };
    wrapper.listener = fn;
    return this.on(event, wrapper);
  }

  off(event: string | symbol, fn: Fn): this {
    const list = this.#events.get(event) ?? [];
    const i = list.findLastIndex((l) => l === fn || l.listener === fn);
    if (i >= 0) this.#events.set(event, list.toSpliced(i, 1));
    return this;
  }

  removeListener(event: string | symbol, fn: Fn): this {
    return this.off(event, fn);
  }

  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.#events.get(event) ?? [];
    if (event === 'error' && !list.length) throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error: ${args[0]}`);
    for (const fn of list) (fn as (...a: unknown[]) => unknown).apply(this, args);
    return list.length > 0;
  }

  listenerCount(event: string | symbol): number {
    return this.#events.get(event)?.length ?? 0;
  }

  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.#events.clear();
    else this.#events.delete(event);
    return this;
  }
}

export default EventEmitter;
