import { EventEmitter } from 'node:events';
import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { NS_SM, NotConfirmedError, StreamManagement, retry } from './stream-management.ts';
import { parseStanza } from './test-xml.ts';

/** An xmpp.js-like entity: `send` writes, then emits 'send' a microtask later (as Connection.send does). */
function fakeEntity() {
  const entity = new EventEmitter() as EventEmitter & { send(el: Element): Promise<void> };
  const written: Element[] = [];
  entity.send = async (el) => {
    await Promise.resolve();
    written.push(el);
    entity.emit('send', el);
  };
  /** Elements from the server, emitted synchronously one after another, as the parser does for one chunk. */
  const receive = (...els: Array<Element | string>) => {
    for (const el of els) entity.emit('element', typeof el === 'string' ? parseStanza(el) : el);
  };
  const sentSm = (name: string) => written.filter((e) => e.name === name && e.attrs.xmlns === NS_SM);
  return { entity, written, receive, sentSm };
}

const msg = (n: number) => xml('message', { to: 'bob@localhost', id: `m${n}` }, xml('body', {}, `m${n}`));
const tick = () => new Promise((r) => setTimeout(r, 0));
const features = (sm: boolean) => xml('features', {}, xml('bind', { xmlns: 'urn:ietf:params:xml:ns:xmpp-bind' }), ...(sm ? [xml('sm', { xmlns: NS_SM })] : []));

/** Enables SM on a fresh fake entity, with resumption id `s1`. */
async function enabled(stallMs?: number) {
  const f = fakeEntity();
  let stalls = 0;
  const sm = new StreamManagement(f.entity, () => stalls++, stallMs);
  const done = sm.negotiate(features(true), async () => {});
  await tick();
  f.receive(`<enabled xmlns='${NS_SM}' id='s1' resume='true'/>`);
  expect(await done).toBe('bound');
  return { ...f, sm, stalls: () => stalls };
}

describe('counting (XEP-0198 §4)', () => {
  it('counts inbound from the <enabled/> element itself, also stanzas parsed in the same chunk (the xmpp.js race)', async () => {
    const f = fakeEntity();
    const sm = new StreamManagement(f.entity);
    const done = sm.negotiate(features(true), async () => {});
    await tick();
    expect(f.sentSm('enable')[0]?.attrs.resume).toBe('true');
    // A presence answered before <enabled/> is not counted; the two messages right behind it are,
    // synchronously, before any promise continuation could reset a counter.
    f.receive("<presence from='alice@localhost/x'/>", `<enabled xmlns='${NS_SM}' id='s1' resume='true'/>`, "<message from='bob@localhost/d'><body>a</body></message>", "<iq type='get' id='p' from='localhost'/>", `<r xmlns='${NS_SM}'/>`);
    await done;
    await tick();
    expect(f.sentSm('a').map((a) => a.attrs.h)).toEqual(['2']);
    expect(sm.id).toBe('s1');
  });

  it('sendAcked resolves only when the server h covers the stanza', async () => {
    const f = await enabled();
    const settled: number[] = [];
    const sends = [1, 2, 3].map((n) => f.sm.sendAcked(msg(n)).then(() => settled.push(n)));
    await tick();
    expect(f.sentSm('r').length).toBeGreaterThan(0);
    f.receive(`<a xmlns='${NS_SM}' h='2'/>`);
    await tick();
    expect(settled).toEqual([1, 2]);
    expect(f.sm.queue.map((e) => e.attrs.id)).toEqual(['m3']);
    f.receive(`<a xmlns='${NS_SM}' h='3'/>`);
    await Promise.all(sends);
    expect(settled).toEqual([1, 2, 3]);
  });

  it('wraps both counters at 2^32', async () => {
    const f = await enabled();
    f.sm.inbound = 2 ** 32 - 1;
    f.receive("<message from='bob@localhost/d'><body>x</body></message>", `<r xmlns='${NS_SM}'/>`);
    await tick();
    expect(f.sentSm('a').at(-1)?.attrs.h).toBe('0');

    f.sm.acked = 2 ** 32 - 2;
    const sends = [1, 2, 3].map((n) => f.sm.sendAcked(msg(n)));
    await tick();
    f.receive(`<a xmlns='${NS_SM}' h='0'/>`); // 2^32-2 + 2 wraps to 0
    await tick();
    expect(f.sm.queue.map((e) => e.attrs.id)).toEqual(['m3']);
    f.receive(`<a xmlns='${NS_SM}' h='1'/>`);
    await Promise.all(sends);
    expect(f.sm.queue).toEqual([]);
  });

  it('never acks more than it sent when the server claims more', async () => {
    const f = await enabled();
    const p = f.sm.sendAcked(msg(1));
    await tick();
    f.receive(`<a xmlns='${NS_SM}' h='7'/>`);
    await p;
    expect(f.sm.queue).toEqual([]);
  });

  it('without stream management sendAcked resolves once written, with no <r/>', async () => {
    const f = fakeEntity();
    const sm = new StreamManagement(f.entity);
    expect(await sm.negotiate(features(false), async () => {})).toBe('bound');
    await sm.sendAcked(msg(1));
    expect(f.written.map((e) => e.name)).toEqual(['message']);
  });

  it('reports a stalled link when no <a/> follows an <r/>', async () => {
    const f = await enabled(30);
    void f.sm.sendAcked(msg(1));
    await new Promise((r) => setTimeout(r, 60));
    expect(f.stalls()).toBe(1);
  });
});

describe('resumption (XEP-0198 §5)', () => {
  it('resumes with a partial h: resends exactly what the server did not get, in order, and settles all', async () => {
    const f = await enabled();
    f.receive("<message from='bob@localhost/d'><body>1</body></message>", "<message from='bob@localhost/d'><body>2</body></message>");
    const sends = [1, 2, 3].map((n) => f.sm.sendAcked(msg(n)));
    await tick();
    f.sm.dropped();
    f.written.length = 0;

    let bound = false;
    const done = f.sm.negotiate(features(true), async () => {
      bound = true;
    });
    await tick();
    const resume = f.sentSm('resume')[0]!;
    expect(resume.attrs).toMatchObject({ previd: 's1', h: '2' });
    f.receive(`<resumed xmlns='${NS_SM}' previd='s1' h='1'/>`);
    expect(await done).toBe('resumed');
    expect(bound).toBe(false);
    expect(f.written.filter((e) => e.name === 'message').map((e) => e.attrs.id)).toEqual(['m2', 'm3']);
    f.receive(`<a xmlns='${NS_SM}' h='3'/>`);
    await Promise.all(sends);
  });

  it('when resumption fails, binds anew and reports the unconfirmed stanzas instead of resending them', async () => {
    const f = await enabled();
    const results = [1, 2, 3].map((n) => f.sm.sendAcked(msg(n)).then(() => 'ok', (e: Error) => e));
    await tick();
    f.sm.dropped();
    f.written.length = 0;
    let bound = false;
    const done = f.sm.negotiate(features(true), async () => {
      bound = true;
    });
    await tick();
    f.receive(`<failed xmlns='${NS_SM}' h='1'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>`);
    await tick();
    f.receive(`<enabled xmlns='${NS_SM}' id='s2' resume='true'/>`);
    expect(await done).toBe('bound');
    expect(bound).toBe(true);
    const [r1, r2, r3] = await Promise.all(results);
    expect(r1).toBe('ok');
    expect(r2).toBeInstanceOf(NotConfirmedError);
    expect(r3).toBeInstanceOf(NotConfirmedError);
    expect(f.written.filter((e) => e.name === 'message')).toEqual([]);
    expect(f.sm.id).toBe('s2');
  });

  it('does not try to resume a session the server would not let resume', async () => {
    const f = fakeEntity();
    const sm = new StreamManagement(f.entity);
    const done = sm.negotiate(features(true), async () => {});
    await tick();
    f.receive(`<enabled xmlns='${NS_SM}' id='s1'/>`);
    await done;
    expect(sm.id).toBeUndefined();
  });
});

describe('retry', () => {
  it('tries after each wait until one attempt works', async () => {
    const waits: number[] = [];
    let n = 0;
    await retry(async () => {
      if (++n < 3) throw new Error('no');
    }, () => false, [1, 2, 3, 4], async (ms) => void waits.push(ms));
    expect(waits).toEqual([1, 2, 3]);
  });
  it('gives up after the last wait, or at once on a final failure', async () => {
    await expect(retry(async () => Promise.reject(new Error('down')), () => false, [1, 2], async () => {})).rejects.toThrow('down');
    let n = 0;
    await expect(retry(async () => {
      n++;
      throw new Error('auth');
    }, () => true, [1, 2, 3], async () => {})).rejects.toThrow('auth');
    expect(n).toBe(1);
  });
});
