import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import WebSocket from 'ws';
import { type Ejabberd, startEjabberd } from './fixtures/ejabberd.ts';
import { launchChromium } from './fixtures/chromium.ts';
import { EXTENSION_UUID, launchFirefox } from './fixtures/firefox.ts';
import { startHttpServer } from './fixtures/http-server.ts';
import { type Prosody, startProsody } from './fixtures/prosody.ts';
import { writeTestExtension } from './fixtures/test-extension.ts';
import { sleep } from './fixtures/net.ts';
import { bare, connectPeer } from './fixtures/xmpp-peer.ts';

describe('prosody + node peers', () => {
  let prosody: Prosody;
  beforeAll(async () => {
    prosody = await startProsody({
      users: [
        { user: 'alice', password: 'alice-pw' },
        { user: 'bob', password: 'bob-pw' },
      ],
    });
  });
  afterAll(() => prosody?.stop());

  test('two peers log in over WebSocket and exchange a chat message', async () => {
    const alice = await connectPeer({ wsUrl: prosody.wsUrl, username: 'alice', password: 'alice-pw', domain: prosody.domain });
    const bob = await connectPeer({ wsUrl: prosody.wsUrl, username: 'bob', password: 'bob-pw', domain: prosody.domain });
    try {
      expect(bare(alice.jid)).toBe('alice@localhost');
      await alice.sendMessage('bob@localhost', 'hello bob');
      const message = await bob.waitFor((s) => s.is('message') && s.getChildText('body') === 'hello bob', 5000);
      expect(bare(message.attrs.from)).toBe('alice@localhost');
      expect(message.attrs.type).toBe('chat');
      expect(alice.errors).toEqual([]);
      expect(bob.errors).toEqual([]);
    } finally {
      await Promise.all([alice.stop(), bob.stop()]);
    }
  });
});

/**
 * The first SASL step of a fresh WebSocket stream to `wsUrl`: the mechanisms offered and, for
 * SCRAM-SHA-256, the salt of the server-first message (RFC 5802 §5.1).
 */
async function saslProbe(wsUrl: string, user: string): Promise<{ mechanisms: string[]; salt: string }> {
  const ws = new WebSocket(wsUrl, ['xmpp']);
  const frames: string[] = [];
  const next = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const hit = frames.find((f) => re.test(f));
        if (hit) resolve(hit);
        else if (Date.now() > deadline) reject(new Error(`no ${re} in ${frames.join('\n')}`));
        else setTimeout(check, 20);
      };
      const deadline = Date.now() + 10_000;
      check();
    });
  ws.on('message', (data) => frames.push(String(data)));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  try {
    ws.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
    const features = await next(/<stream:features|<features/);
    const mechanisms = [...features.matchAll(/<mechanism>([^<]+)<\/mechanism>/g)].map((m) => m[1]!);
    const first = Buffer.from(`n,,n=${user},r=rig${Date.now()}`).toString('base64');
    ws.send(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>${first}</auth>`);
    const challenge = /<challenge[^>]*>([^<]+)<\/challenge>/.exec(await next(/<challenge/))![1]!;
    const salt = /(?:^|,)s=([^,]+)/.exec(Buffer.from(challenge, 'base64').toString())![1]!;
    return { mechanisms, salt };
  } finally {
    ws.close();
  }
}

describe('ejabberd (scram and plain password modes, side by side)', () => {
  let scram: Ejabberd;
  let plain: Ejabberd;
  beforeAll(async () => {
    const users = [
      { user: 'alice', password: 'alice-pw' },
      { user: 'bob', password: 'bob-pw' },
    ];
    [scram, plain] = await Promise.all([startEjabberd({ passwords: 'scram', users }), startEjabberd({ passwords: 'plain', users })]);
    console.log(`[rig] ejabberd started in ${scram.startSeconds.toFixed(1)} s and ${plain.startSeconds.toFixed(1)} s (two at once, two users each)`);
  });
  afterAll(() => Promise.all([scram?.stop(), plain?.stop()]));

  test('two peers log in over WebSocket on each and exchange a chat message', async () => {
    for (const server of [scram, plain]) {
      const alice = await connectPeer({ wsUrl: server.wsUrl, username: 'alice', password: 'alice-pw', domain: server.domain });
      const bob = await connectPeer({ wsUrl: server.wsUrl, username: 'bob', password: 'bob-pw', domain: server.domain });
      try {
        await alice.sendMessage('bob@localhost', `hello bob on ${server.name}`);
        const message = await bob.waitFor((s) => s.is('message') && s.getChildText('body') === `hello bob on ${server.name}`, 5000);
        expect(bare(message.attrs.from)).toBe('alice@localhost');
        expect([...alice.errors, ...bob.errors]).toEqual([]);
      } finally {
        await Promise.all([alice.stop(), bob.stop()]);
      }
    }
  });

  test('scram mode offers PLAIN and SCRAM-SHA-256 (and X-OAUTH2) with one salt; plain mode offers SCRAM-SHA-512 too, with a new salt each time', async () => {
    const [s1, s2] = [await saslProbe(scram.wsUrl, 'alice'), await saslProbe(scram.wsUrl, 'alice')];
    // Besides these, ejabberd always offers its own X-OAUTH2 (tokens we never use).
    expect(s1.mechanisms.filter((m) => m !== 'X-OAUTH2').sort()).toEqual(['PLAIN', 'SCRAM-SHA-256']);
    expect(s2.salt).toBe(s1.salt);
    const [p1, p2] = [await saslProbe(plain.wsUrl, 'alice'), await saslProbe(plain.wsUrl, 'alice')];
    expect(p1.mechanisms).toEqual(expect.arrayContaining(['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-512']));
    expect(p2.salt).not.toBe(p1.salt);
  });

  test('a user registered while it runs can sign in, and stop() leaves no process behind', async () => {
    const server = await startEjabberd({ passwords: 'scram' });
    try {
      await server.register('carol', 'carol-pw');
      const carol = await connectPeer({ wsUrl: server.wsUrl, username: 'carol', password: 'carol-pw', domain: server.domain });
      await carol.stop();
    } finally {
      await server.stop();
    }
    // The Erlang VM (beam.smp) ran as the ejabberd user with this temp dir as its spool.
    const { execFileSync } = await import('node:child_process');
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(server.dir));
    expect(left).toEqual([]);
  });
});

describe('host-meta on port 80', () => {
  // Specs take port 80 test by test; one that re-takes it at once must not starve another
  // process waiting for it (a CI run failed that way): turns go first come, first served.
  test('a process waiting for the port gets it before the holder takes it again', async () => {
    type Turn = { ask: number; turn: number };
    const run = (n: number, holdMs: number) =>
      new Promise<Turn[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/fixtures/port80-taker.ts', String(n), String(holdMs)]);
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('error', reject);
        child.on('exit', (code) => {
          if (code !== 0) return reject(new Error(`taker exited ${code}`));
          const times = (word: string) => [...out.matchAll(new RegExp(`^${word} (\\d+)$`, 'gm'))].map((m) => Number(m[1]));
          const asks = times('ask');
          resolve(times('turn').map((turn, i) => ({ ask: asks[i]!, turn })));
        });
      });
    // The greedy one asks again as soon as each turn ends, for longer than a loaded machine takes
    // to start the waiter (node and tsx: up to ~2 s under a load of 8).
    const greedy = run(8, 400);
    await sleep(600);
    const [waiter] = await run(1, 10);
    const turns = await greedy;
    // First come, first served: every turn the greedy one asked for after the waiter asked began
    // after the waiter's turn. (Its turn in progress when the waiter asked may finish first.) The
    // queue orders by each ticket's own millisecond, taken just after "ask" is printed, so a turn
    // asked for within a few ms of the waiter's proves nothing either way: 50 ms apart, it does.
    const later = turns.filter((t) => t.ask > waiter!.ask + 50);
    expect(later.length, 'the greedy one still asking after the waiter did').toBeGreaterThan(0);
    for (const t of later) expect(t.turn).toBeGreaterThan(waiter!.turn);
  });
});

describe('http fixture', () => {
  test('serves a file with the Content-Type and Content-Disposition it was given, and redirects', async () => {
    const http = await startHttpServer();
    try {
      const body = "<jabber><chat jid='juliet@capulet.example'/></jabber>";
      http.serve('/chat.xmpp', {
        body,
        contentType: 'application/jabber+xml',
        headers: { 'Content-Disposition': 'attachment; filename="chat.xmpp"' },
      });
      http.redirect('/go', '/chat.xmpp', 302);
      expect(http.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const response = await fetch(http.url('/go?x=1'));
      expect(response.status).toBe(200);
      expect(response.redirected).toBe(true);
      expect(response.headers.get('content-type')).toBe('application/jabber+xml');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="chat.xmpp"');
      expect(await response.text()).toBe(body);
      expect((await fetch(http.url('/nothing'))).status).toBe(404);
      expect(http.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /go?x=1', 'GET /chat.xmpp', 'GET /nothing']);
      expect(http.requestsTo('/go')).toHaveLength(1);
    } finally {
      await http.stop();
    }
  });
});

describe('browsers with a throwaway extension', () => {
  test('Chromium loads it and its options page renders without console errors', async () => {
    const extension = writeTestExtension('chrome');
    const chromium = await launchChromium({ extensionDir: extension.dir });
    try {
      expect(chromium.extensionId).toMatch(/^[a-p]{32}$/);
      expect(chromium.serviceWorker.url()).toBe(chromium.extensionUrl('background.js'));
      const page = await chromium.openExtensionPage('options.html');
      const errors = chromium.collectConsoleErrors(page);
      expect(page.url()).toBe(chromium.extensionUrl('options.html'));
      expect(await page.textContent('#status')).toBe('ready');
      expect(errors).toEqual([]);

      // The collector really sees errors.
      await page.evaluate(() => console.error('rig check'));
      await expect.poll(() => errors).toEqual(['rig check']);
    } finally {
      await chromium.stop();
      await extension.stop();
    }
  });

  test('Firefox installs it under the pinned UUID and its options page renders without console errors', async () => {
    const extension = writeTestExtension('firefox');
    const firefox = await launchFirefox({ extensionDir: extension.dir });
    try {
      expect(firefox.extensionUrl('options.html')).toBe(`moz-extension://${EXTENSION_UUID}/options.html`);
      const page = await firefox.openExtensionPage('options.html');
      expect(await firefox.locationOf(page)).toBe(firefox.extensionUrl('options.html'));
      expect(await page.$eval('#status', (el) => el.textContent)).toBe('ready');
      await expect.poll(() => firefox.consoleLines).toContain('console.log: "rig options ready"');
      expect(firefox.consoleErrors()).toEqual([]);
      expect(readdirSync(firefox.downloadDir)).toEqual([]);

      // Console errors of extension pages reach us through stdout.
      const mark = firefox.mark();
      await page.evaluate(() => console.error('rig check'));
      await expect.poll(() => firefox.consoleErrors(mark)).toEqual(['console.error: "rig check"']);
    } finally {
      await firefox.stop();
      await extension.stop();
    }
  });
});
