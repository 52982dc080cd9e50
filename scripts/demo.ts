/**
 * `npm start`: a local Prosody with demo accounts, a bot as the other party, a page of jabber
 * files and xmpp: links for every action, and Chromium with the extension loaded (headed when a
 * display exists). Runs until Ctrl+C. `--check` starts everything, prints the plan and stops:
 * the e2e suite uses startDemo() to keep this command true.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from '../e2e/fixtures/chromium.ts';
import { type HttpServer, startHttpServer } from '../e2e/fixtures/http-server.ts';
import { startProsody, type Prosody } from '../e2e/fixtures/prosody.ts';
import { bare, connectPeer, type Peer, xml } from '../e2e/fixtures/xmpp-peer.ts';

export const DEMO_USERS = [
  { user: 'alice', password: 'alice-demo' },
  { user: 'bob', password: 'bob-demo' },
];
export const DEMO_ROOM = 'lobby@conference.localhost';

const JABBER = 'application/jabber+xml';
const file = (action: string, jid: string) => `<?xml version="1.0"?>\n<jabber xmlns="http://jabber.org/protocol/mimetype">\n  <${action} jid="${jid}"/>\n</jabber>\n`;

/** Every link on the demo page: [label, href, jabber-file body?]. */
export function demoLinks(): Array<{ label: string; href: string; body?: string }> {
  return [
    { label: 'Jabber file: message bob', href: '/files/message.xmpp', body: file('message', 'bob@localhost') },
    { label: 'Jabber file: chat with bob', href: '/files/chat.xmpp', body: file('chat', 'bob@localhost') },
    { label: 'Jabber file: add bob as a contact', href: '/files/subscribe.xmpp', body: file('subscribe', 'bob@localhost') },
    { label: 'Jabber file: join the lobby room', href: '/files/groupchat.xmpp', body: file('groupchat', DEMO_ROOM) },
    { label: 'Jabber file: register with the room service', href: '/files/register.xmpp', body: file('register', DEMO_ROOM) },
    { label: 'Jabber file: malformed (shows an error)', href: '/files/broken.xmpp', body: '<jabber><message jid="bob@localhost"></jabber>' },
    { label: 'Jabber file: entity expansion attack (shows an error)', href: '/files/hostile.xmpp', body: '<!DOCTYPE j [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><jabber><message jid="&b;"/></jabber>' },
    { label: 'xmpp: message with subject and body', href: 'xmpp:bob@localhost?message;subject=Hello;body=Sent+from+the+demo+page' },
    { label: 'xmpp: chat with bob', href: 'xmpp:bob@localhost?message;type=chat' },
    { label: 'xmpp: add bob to contacts (name, group)', href: 'xmpp:bob@localhost?roster;name=Bob;group=Demo' },
    { label: 'xmpp: subscribe to bob', href: 'xmpp:bob@localhost?subscribe' },
    { label: 'xmpp: join the lobby room', href: `xmpp:${DEMO_ROOM}?join` },
    { label: 'xmpp: invite bob to the lobby', href: `xmpp:${DEMO_ROOM}?invite;jid=bob@localhost` },
    { label: 'xmpp: register with the room service', href: `xmpp:${DEMO_ROOM}?register` },
    { label: 'xmpp: unsubscribe from bob', href: 'xmpp:bob@localhost?unsubscribe' },
    { label: 'xmpp: remove bob from contacts', href: 'xmpp:bob@localhost?remove' },
    { label: 'xmpp: unregister from the room service', href: `xmpp:${DEMO_ROOM}?unregister` },
    { label: 'xmpp: open bob (no action)', href: 'xmpp:bob@localhost' },
    { label: 'xmpp: unsupported action (shows an error)', href: 'xmpp:bob@localhost?vcard' },
  ];
}

function demoPage(prosody: Prosody): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const items = demoLinks()
    .map((l) => `<li><a href="${esc(l.href)}">${esc(l.label)}</a> <code>${esc(l.href)}</code></li>`)
    .join('\n');
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Jabber Link demo</title>
<style>body{font:15px system-ui;max-width:48em;margin:2em auto;color-scheme:light dark}code{opacity:.7}li{margin:.3em 0}</style>
<h1>Jabber Link demo</h1>
<p>Set up the account in the extension's options page: XMPP address <b>alice@localhost</b>, password
<b>alice-demo</b>, Advanced → WebSocket URL <code>${esc(prosody.wsUrl)}</code>. The other party is
<b>bob@localhost</b>, a bot that approves contact requests, answers chats and sits in <b>${DEMO_ROOM}</b>.</p>
<ul>${items}</ul></html>`;
}

/** A bot as bob: approves subscriptions, echoes chats, keeps the lobby room alive. */
async function startBot(prosody: Prosody): Promise<Peer> {
  const bob = await connectPeer({ wsUrl: prosody.wsUrl, username: 'bob@localhost', password: 'bob-demo' });
  bob.client.on('stanza', (st) => {
    const from = st.attrs.from as string | undefined;
    if (!from) return;
    if (st.is('presence') && st.attrs.type === 'subscribe') {
      void bob.send(xml('presence', { to: bare(from), type: 'subscribed' }));
      void bob.send(xml('presence', { to: bare(from), type: 'subscribe' }));
    }
    const body = st.getChildText('body');
    if (st.is('message') && st.attrs.type === 'chat' && body) void bob.sendMessage(from, `bob-bot heard: ${body}`);
  });
  await bob.joinRoom(DEMO_ROOM, 'bob');
  await bob.sendMessage(DEMO_ROOM, 'Welcome to the Jabber Link demo room.', { type: 'groupchat' });
  return bob;
}

export interface Demo {
  prosody: Prosody;
  http: HttpServer;
  pageUrl: string;
  stop(): Promise<void>;
}

export async function startDemo(): Promise<Demo> {
  const prosody = await startProsody({ users: DEMO_USERS });
  const http = await startHttpServer();
  let bot: Peer | undefined;
  try {
    for (const l of demoLinks()) if (l.body) http.serve(l.href, { body: l.body, contentType: JABBER });
    http.page('/', demoPage(prosody));
    bot = await startBot(prosody);
  } catch (e) {
    await http.stop();
    await prosody.stop();
    throw e;
  }
  return {
    prosody,
    http,
    pageUrl: http.url('/'),
    async stop() {
      await bot?.stop();
      await http.stop();
      await prosody.stop();
    },
  };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const demo = await startDemo();
  const extensionDir = resolve('dist/chrome');
  console.log(`Demo page:      ${demo.pageUrl}`);
  console.log(`XMPP server:    ${demo.prosody.wsUrl} (accounts alice/alice-demo, bob/bob-demo)`);
  console.log(`Extensions:     ${extensionDir} (Chrome), ${resolve('dist/firefox')} (Firefox)`);
  if (check) {
    await demo.stop();
    return;
  }
  let stopBrowser: (() => Promise<void>) | undefined;
  if (process.env.DISPLAY && existsSync(extensionDir)) {
    const chromium = await launchChromium({ extensionDir, headless: false });
    const page = await chromium.context.newPage();
    await page.goto(demo.pageUrl);
    await chromium.context.pages()[0]?.goto(chromium.extensionUrl('src/options/options.html')).catch(() => undefined);
    stopBrowser = chromium.stop;
    console.log('Chromium is open with the extension loaded. Ctrl+C stops everything.');
  } else {
    console.log('No display: load the extension by hand (chrome://extensions → Developer mode → Load unpacked →');
    console.log(`  ${extensionDir}), then open the demo page above. The server keeps running; Ctrl+C stops it.`);
  }
  const stop = async () => {
    await stopBrowser?.();
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (import.meta.url === `file://${process.argv[1]}`) void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
