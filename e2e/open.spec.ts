/**
 * `open` (an xmpp: link with no query) end to end: the window asks disco#info what the address
 * is and shows the matching view — a person gets the chat view (its conversation log), a room
 * (created by bob, a real client) the join view (its Nickname box). An address on another server
 * is only looked up after "Continue", since that server learns of the lookup.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sleep } from './fixtures/net.ts';
import { seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, linkPage, useSuite } from './helpers/suite.ts';


const rig = useSuite();
/** A room bob is in: what `open` should recognise as a group chat. */
let room: string;
beforeAll(async () => {
  room = `lounge@${rig.prosody.mucDomain}`;
  await rig.bob.joinRoom(room, 'bob');
});

for (const name of BROWSERS) {
  describe(`open in ${name}`, () => {
    const b = useBrowser(name);
    let win: ActionWindow | undefined;
    beforeAll(async () => {
      await seedAccount(b.extPage, account(rig.prosody, ALICE_PW));
    });

    it('a person opens the chat view', async () => {
      const url = linkPage(rig.http, `/open-bob-${name}.html`, 'xmpp:bob@localhost', 'open bob');
      win = await b.clickLinkIn(url, 'open bob');
      await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      const w = win;
      await expect.poll(() => w.roleText('log', /Conversation with bob@localhost/), { timeout: 10_000 }).toBeDefined();
    });

    it('a room opens the join view', async () => {
      const url = linkPage(rig.http, `/open-room-${name}.html`, `xmpp:${room}`, 'open room');
      win = await b.clickLinkIn(url, 'open room');
      await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      await win.waitForText('Nickname');
      expect(await win.value('Nickname')).toBe('alice');
    });

    it('an address on another server is looked up only after Continue', async () => {
      const url = linkPage(rig.http, `/open-far-${name}.html`, 'xmpp:juliet@capulet.example', 'open juliet');
      const since = rig.prosody.traffic().length; // the other browser's run came before
      win = await b.clickLinkIn(url, 'open juliet');
      await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      await win.waitForText('that server learns you opened it.');
      await sleep(500);
      // Prosody's log (the server's view, any browser): no query to that server before Continue.
      const toCapulet = () => rig.prosody.traffic().slice(since).some((e) => e.dir === 'received' && e.tag.startsWith('<iq') && /\bto='[^']*capulet\.example'/.test(e.tag));
      expect(toCapulet()).toBe(false);
      await win.click('Continue');
      const w = win;
      await expect.poll(() => w.roleText('log', /Conversation with juliet@capulet.example/), { timeout: 15_000 }).toBeDefined();
      await expect.poll(toCapulet, { timeout: 5_000 }).toBe(true);
    });
  });
}
