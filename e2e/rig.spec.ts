import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { launchChromium } from './fixtures/chromium.ts';
import { EXTENSION_UUID, launchFirefox } from './fixtures/firefox.ts';
import { startHttpServer } from './fixtures/http-server.ts';
import { type Prosody, startProsody } from './fixtures/prosody.ts';
import { writeTestExtension } from './fixtures/test-extension.ts';
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
