/**
 * Stream management (XEP-0198) in one place: enabling with resumption, counting both ways, acks,
 * `sendAcked`, the queue of unacked stanzas, and resuming after a drop.
 *
 * It listens to the xmpp.js entity's synchronous 'element' and 'send' events, so counts follow
 * the element order on the wire. That is what closes the measured xmpp.js 0.14 race (DESIGN.md):
 * the inbound count starts at the <enabled/> (or <resumed/>) element itself, so stanzas parsed
 * from the same chunk right after it are counted, and nothing before it ever is (§4).
 *
 * Pure logic over a tiny entity interface: Node tests drive it with a fake transport.
 */
import xml, { type Element } from '@xmpp/xml';
import { XmppError } from './errors.ts';

export const NS_SM = 'urn:xmpp:sm:3';
/** §4: "h" wraps to zero at 2^32. */
const MOD = 2 ** 32;
/** No <a/> this long after an <r/>: the link is dead even if the socket has not noticed (§4). */
export const STALL_MS = 10_000;
/** Waits before each reconnect attempt; then the session gives up (about 16 s of trying). */
export const RETRY_MS = [100, 500, 1000, 2000, 4000, 8000];

export interface SmEntity {
  on(event: 'element' | 'send', fn: (el: Element) => void): unknown;
  removeListener(event: 'element', fn: (el: Element) => void): unknown;
  send(el: Element): Promise<void>;
}

/** The server may or may not have the stanza: its fate is unknown, so it is never resent silently. */
export class NotConfirmedError extends XmppError {
  override name = 'NotConfirmedError';
  constructor(message: string) {
    super('send', 'not-confirmed', message, 'not-confirmed');
  }
}

const isStanza = (el: Element) => el.name === 'message' || el.name === 'presence' || el.name === 'iq';
const isSm = (el: Element, name: string) => el.name === name && el.attrs.xmlns === NS_SM;

type Waiter = { resolve(): void; reject(err: Error): void };

export class StreamManagement {
  /** Counting is on for the current stream (after <enabled/> or <resumed/>). */
  enabled = false;
  /** The server's stream id for <resume previd/>, when it allows resumption. */
  id: string | undefined;
  /** Stanzas received on the managed session, mod 2^32 (our `h`). */
  inbound = 0;
  /** The last `h` the server acknowledged, mod 2^32. */
  acked = 0;
  /** Sent and not yet acknowledged, oldest first. */
  readonly queue: Element[] = [];
  private counting = false;
  private readonly waiters = new Map<Element, Waiter>();
  private stall: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly entity: SmEntity,
    /** The link looks dead (no <a/> in time): drop it, so the session reconnects and resumes. */
    private readonly onStall: () => void = () => {},
    private readonly stallMs = STALL_MS,
  ) {
    entity.on('element', (el) => this.received(el));
    entity.on('send', (el) => this.sent(el));
  }

  private received(el: Element): void {
    if (isSm(el, 'enabled')) {
      this.enabled = true;
      this.inbound = 0;
      this.id = el.attrs.resume === 'true' || el.attrs.resume === '1' ? (el.attrs.id as string | undefined) : undefined;
    } else if (isSm(el, 'resumed')) {
      this.enabled = true; // the count goes on from the h we sent in <resume/>
    } else if (!this.enabled) {
      return;
    } else if (isStanza(el)) {
      this.inbound = (this.inbound + 1) % MOD;
    } else if (isSm(el, 'r')) {
      this.ackServer();
    } else if (isSm(el, 'a')) {
      this.ack(Number(el.attrs.h));
    }
  }

  private sent(el: Element): void {
    if (isSm(el, 'enable')) {
      // §4: our outbound count starts with the <enable/> we send.
      this.counting = true;
      this.acked = 0;
    } else if (this.counting && isStanza(el)) {
      this.queue.push(el);
    }
  }

  /** Answers the server's <r/> (and tells it what we got before a polite close). */
  ackServer(): void {
    if (this.enabled) this.entity.send(xml('a', { xmlns: NS_SM, h: String(this.inbound) })).catch(() => {});
  }

  /** The server handled stanzas up to `h`: drop them from the queue, settle their senders. */
  ack(h: number): void {
    if (!(h >= 0 && h < MOD)) return; // also NaN
    clearTimeout(this.stall);
    this.stall = undefined;
    // More than we sent cannot be right (a server bug); count what we have.
    const n = Math.min((h - this.acked + MOD) % MOD, this.queue.length);
    this.acked = h;
    for (const el of this.queue.splice(0, n)) {
      this.waiters.get(el)?.resolve();
      this.waiters.delete(el);
    }
  }

  /**
   * Sends and resolves once the server has the stanza: when an <a h> covers it (asked with <r/>),
   * after a resumption if need be; without stream management, once written (all we can know).
   * Rejects with NotConfirmedError when resumption failed and its fate is unknown.
   */
  async sendAcked(el: Element, send: (el: Element) => Promise<void> = (e) => this.entity.send(e)): Promise<void> {
    await send(el);
    if (!this.queue.includes(el)) return; // not managed, or already acked
    const done = new Promise<void>((resolve, reject) => this.waiters.set(el, { resolve, reject }));
    this.requestAck();
    return done;
  }

  requestAck(): void {
    if (!this.enabled) return;
    this.entity.send(xml('r', { xmlns: NS_SM })).catch(() => {});
    this.stall ??= setTimeout(() => {
      this.stall = undefined;
      this.onStall();
    }, this.stallMs);
  }

  /** The socket is gone: stop counting on it; the state stays for <resume/>. */
  dropped(): void {
    this.enabled = false;
    clearTimeout(this.stall);
    this.stall = undefined;
  }

  /**
   * The bind step of every stream: resume the old session when the server let us (§5), else
   * bind a new one and enable stream management with resumption. Nothing else is sent until it
   * returns, so no stanza falls into the enable gap.
   */
  async negotiate(features: Element, bind: () => Promise<void>): Promise<'resumed' | 'bound'> {
    const offered = !!features.getChild('sm', NS_SM);
    if (offered && this.id) {
      const answer = await this.nonza(xml('resume', { xmlns: NS_SM, previd: this.id, h: String(this.inbound) }));
      if (answer.name === 'resumed') {
        await this.resumed(Number(answer.attrs.h));
        return 'resumed';
      }
      // §5: <failed h/> may still say what the old session got.
      this.lost(Number(answer.attrs.h));
    } else this.lost();
    await bind();
    if (offered && (await this.nonza(xml('enable', { xmlns: NS_SM, resume: 'true' }))).name === 'failed') this.lost();
    return 'bound';
  }

  /** Sends an SM request and waits for its answer (enabled, resumed or failed). */
  private nonza(el: Element): Promise<Element> {
    return new Promise((resolve, reject) => {
      const on = (answer: Element) => {
        if (!isSm(answer, 'enabled') && !isSm(answer, 'resumed') && !isSm(answer, 'failed')) return;
        this.entity.removeListener('element', on);
        resolve(answer);
      };
      this.entity.on('element', on);
      this.entity.send(el).catch((err: Error) => {
        this.entity.removeListener('element', on);
        reject(err);
      });
    });
  }

  /**
   * <resumed h/>: what the server's h covers is done; exactly the rest goes out again, in order
   * (and back into the queue through the 'send' listener).
   */
  async resumed(h: number, send: (el: Element) => Promise<void> = (e) => this.entity.send(e)): Promise<void> {
    this.ack(h);
    const rest = this.queue.splice(0);
    for (const el of rest) await send(el);
    if (rest.length) this.requestAck();
  }

  /**
   * The old session is gone (<failed/>, server restarted, or no resumption): stanzas its h
   * covers (when <failed h/> says) were received; the fate of the rest is unknown, and their
   * senders are told so.
   */
  lost(h = Number.NaN): void {
    this.ack(h);
    for (const el of this.queue.splice(0)) {
      this.waiters.get(el)?.reject(new NotConfirmedError('not confirmed before the drop'));
      this.waiters.delete(el);
    }
    this.enabled = false;
    this.counting = false;
    this.id = undefined;
    this.inbound = 0;
    this.acked = 0;
  }
}

/** Runs `attempt` after each wait in `delays` until one succeeds; rethrows the last failure, or at once a failure `fatal` says is final. */
export async function retry(
  attempt: (n: number) => Promise<void>,
  fatal: (err: unknown) => boolean,
  delays: readonly number[] = RETRY_MS,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): Promise<void> {
  let last: unknown;
  for (let i = 0; i < delays.length; i++) {
    await sleep(delays[i]!);
    try {
      return await attempt(i);
    } catch (err) {
      last = err;
      if (fatal(err)) break;
    }
  }
  throw last;
}
