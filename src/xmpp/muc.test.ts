import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import {
  MucError,
  NS_MUC,
  alternativeNick,
  discoInfo,
  groupchatMessage,
  joinErrorOf,
  joinPresence,
  joinRoom,
  leavePresence,
  parseOccupant,
  parseRoomInfo,
  parseRoomMessage,
  roomInfo,
} from './muc.ts';
import type { Session } from './session.ts';
import { parseStanza } from './test-xml.ts';

const ROOM = 'coven@chat.shakespeare.lit';

describe('room discovery (XEP-0045 §6.4)', () => {
  it('asks the bare room JID', () => {
    expect(discoInfo(`${ROOM}/thirdwitch`).toString()).toBe(
      `<iq type="get" to="${ROOM}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
  });

  it('reads the features of the example room', () => {
    const info = parseRoomInfo(
      parseStanza(`
      <iq from='coven@chat.shakespeare.lit' id='ik3vs715' to='hag66@shakespeare.lit/pda' type='result'>
        <query xmlns='http://jabber.org/protocol/disco#info'>
          <identity category='conference' name='A Dark Cave' type='text'/>
          <feature var='http://jabber.org/protocol/muc'/>
          <feature var='muc_passwordprotected'/>
          <feature var='muc_hidden'/>
          <feature var='muc_temporary'/>
          <feature var='muc_open'/>
          <feature var='muc_unmoderated'/>
          <feature var='muc_nonanonymous'/>
        </query>
      </iq>`),
    );
    expect(info).toMatchObject({ exists: true, isRoom: true, name: 'A Dark Cave', passwordProtected: true, membersOnly: false });
  });

  it('sees a members-only room', () => {
    const info = parseRoomInfo(
      parseStanza(`<iq type='result' id='x'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='conference' type='text'/><feature var='muc_membersonly'/><feature var='muc_unsecured'/></query></iq>`),
    );
    expect(info).toMatchObject({ passwordProtected: false, membersOnly: true });
  });

  it('treats item-not-found as a room that does not exist yet', async () => {
    const session = {
      iq: async () => {
        throw Object.assign(new Error('item-not-found'), { name: 'StanzaError', condition: 'item-not-found' });
      },
    } as unknown as Session;
    expect((await roomInfo(session, ROOM)).exists).toBe(false);
  });

  it('passes other errors on', async () => {
    const session = {
      iq: async () => {
        throw Object.assign(new Error('remote-server-not-found'), { condition: 'remote-server-not-found' });
      },
    } as unknown as Session;
    await expect(roomInfo(session, ROOM)).rejects.toThrow('remote-server-not-found');
  });
});

describe('entering and leaving', () => {
  it('builds the join presence with password and history (XEP-0045 §7.2.1, §7.2.5, §7.2.13)', () => {
    expect(joinPresence(ROOM, 'thirdwitch', { password: 'cauldronburn' }).toString()).toBe(
      `<presence to="${ROOM}/thirdwitch"><x xmlns="${NS_MUC}"><password>cauldronburn</password><history maxstanzas="20"/></x><priority>-1</priority></presence>`,
    );
    expect(joinPresence(ROOM, 'thirdwitch', { maxHistory: 5 }).toString()).toBe(
      `<presence to="${ROOM}/thirdwitch"><x xmlns="${NS_MUC}"><history maxstanzas="5"/></x><priority>-1</priority></presence>`,
    );
  });

  it('leaves with unavailable presence (XEP-0045 §7.14)', () => {
    expect(leavePresence(ROOM, 'thirdwitch').toString()).toBe(`<presence to="${ROOM}/thirdwitch" type="unavailable"/>`);
  });

  it.each([
    ['conflict', 'cancel'],
    ['not-authorized', 'auth'],
    ['registration-required', 'auth'],
    ['forbidden', 'auth'],
    ['service-unavailable', 'wait'],
  ])('maps the %s error of §7.2 to its code', (condition, type) => {
    const stanza = parseStanza(`
      <presence from='coven@chat.shakespeare.lit/thirdwitch' id='n13mt3l' to='hag66@shakespeare.lit/pda' type='error'>
        <x xmlns='http://jabber.org/protocol/muc'/>
        <error by='coven@chat.shakespeare.lit' type='${type}'>
          <${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
        </error>
      </presence>`);
    expect(joinErrorOf(stanza).code).toBe(condition);
  });

  it('keeps the server text in the details and maps unknown conditions to other', () => {
    const err = joinErrorOf(
      parseStanza(`<presence type='error' from='${ROOM}/x'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Room destroyed</text></error></presence>`),
    );
    expect(err.code).toBe('other');
    expect(err.detail).toBe('gone: Room destroyed');
  });

  it('offers another nickname after a conflict', () => {
    expect(alternativeNick('thirdwitch')).toBe('thirdwitch_');
  });
});

describe("the room's presence and messages", () => {
  it('reads an occupant and our own presence (XEP-0045 §7.2.3)', () => {
    const other = parseOccupant(
      parseStanza(`
      <presence from='coven@chat.shakespeare.lit/firstwitch' id='3DCB0401' to='hag66@shakespeare.lit/pda'>
        <x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/></x>
      </presence>`),
      ROOM,
    );
    expect(other).toEqual({ nick: 'firstwitch', role: 'moderator', affiliation: 'owner', available: true, self: false, statuses: [] });
    const self = parseOccupant(
      parseStanza(`
      <presence from='coven@chat.shakespeare.lit/thirdwitch' id='n13mt3l' to='hag66@shakespeare.lit/pda'>
        <x xmlns='http://jabber.org/protocol/muc#user'>
          <item affiliation='member' jid='hag66@shakespeare.lit/pda' role='participant'/>
          <status code='100'/><status code='110'/><status code='210'/>
        </x>
      </presence>`),
      ROOM,
    );
    expect(self).toMatchObject({ nick: 'thirdwitch', self: true, jid: 'hag66@shakespeare.lit/pda', statuses: ['100', '110', '210'] });
  });

  it('reads a departure and a nickname change (XEP-0045 §7.14, §7.6)', () => {
    const gone = parseOccupant(
      parseStanza(`<presence from='coven@chat.shakespeare.lit/thirdwitch' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='none'/></x></presence>`),
      ROOM,
    );
    expect(gone).toMatchObject({ available: false, role: 'none' });
    const renamed = parseOccupant(
      parseStanza(`<presence from='coven@chat.shakespeare.lit/thirdwitch' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' jid='hag66@shakespeare.lit/pda' nick='oldhag' role='participant'/><status code='303'/></x></presence>`),
      ROOM,
    );
    expect(renamed?.newNick).toBe('oldhag');
  });

  it('ignores presence from elsewhere and the room itself', () => {
    expect(parseOccupant(parseStanza(`<presence from='other@chat.shakespeare.lit/x'/>`), ROOM)).toBeUndefined();
    expect(parseOccupant(parseStanza(`<presence from='${ROOM}'/>`), ROOM)).toBeUndefined();
  });

  it('reads history with its delay stamp (XEP-0045 §7.2.15)', () => {
    const msg = parseRoomMessage(
      parseStanza(`
      <message from='coven@chat.shakespeare.lit/firstwitch' id='162BEBB1-F6DB-4D9A-9BD8-CFDCC801A0B2' to='hecate@shakespeare.lit/broom' type='groupchat'>
        <body>Thrice the brinded cat hath mew'd.</body>
        <delay xmlns='urn:xmpp:delay' from='coven@chat.shakespeare.lit' stamp='2002-10-13T23:58:37Z'/>
      </message>`),
      ROOM,
    );
    expect(msg).toEqual({
      type: 'message',
      nick: 'firstwitch',
      body: "Thrice the brinded cat hath mew'd.",
      id: '162BEBB1-F6DB-4D9A-9BD8-CFDCC801A0B2',
      delayed: new Date('2002-10-13T23:58:37Z'),
    });
  });

  it('reads the subject (XEP-0045 §7.2.16)', () => {
    const msg = parseRoomMessage(
      parseStanza(`<message from='coven@chat.shakespeare.lit/wiccarocks' id='F437C672-D438-4BD3-9BFF-091050D32EE2' to='crone1@shakespeare.lit/desktop' type='groupchat'><subject>Fire Burn and Cauldron Bubble!</subject></message>`),
      ROOM,
    );
    expect(msg).toEqual({ type: 'subject', nick: 'wiccarocks', subject: 'Fire Burn and Cauldron Bubble!' });
  });

  it('reads an error bounced by the room (XEP-0045 §7.4 visitor)', () => {
    const msg = parseRoomMessage(
      parseStanza(`<message from='${ROOM}' type='error'><body>hi</body><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`),
      ROOM,
    );
    expect(msg).toEqual({ type: 'error', condition: 'forbidden' });
  });

  it('ignores private messages and other rooms', () => {
    expect(parseRoomMessage(parseStanza(`<message from='${ROOM}/firstwitch' type='chat'><body>psst</body></message>`), ROOM)).toBeUndefined();
    expect(parseRoomMessage(parseStanza(`<message from='x@y/z' type='groupchat'><body>hi</body></message>`), ROOM)).toBeUndefined();
  });

  it('sends groupchat messages to the bare room (XEP-0045 §7.4)', () => {
    const m = groupchatMessage(`${ROOM}/x`, 'Harpier cries');
    expect(m.attrs).toMatchObject({ to: ROOM, type: 'groupchat' });
    expect(m.getChildText('body')).toBe('Harpier cries');
  });
});

function fakeSession() {
  const sent: Element[] = [];
  const listeners = new Set<(s: Element) => void>();
  const session = {
    jid: 'hag66@shakespeare.lit/pda',
    send: async (s: Element) => void sent.push(s),
    onStanza(fn: (s: Element) => void) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  } as unknown as Session;
  return { session, sent, listeners, deliver: (text: string) => {
      for (const fn of [...listeners]) fn(parseStanza(text));
    } };
}

describe('joinRoom', () => {
  it('resolves on our own presence, after other occupants', async () => {
    const { session, sent, deliver, listeners } = fakeSession();
    const joined = joinRoom(session, ROOM, 'thirdwitch');
    expect(sent[0]?.attrs.to).toBe(`${ROOM}/thirdwitch`);
    deliver(`<presence from='${ROOM}/firstwitch'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/></x></presence>`);
    deliver(`<presence from='${ROOM}/thirdwitch'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>`);
    await expect(joined).resolves.toMatchObject({ nick: 'thirdwitch', self: true });
    expect(listeners.size).toBe(0);
  });

  it('rejects with the room error', async () => {
    const { session, deliver } = fakeSession();
    const joined = joinRoom(session, ROOM, 'firstwitch');
    deliver(`<presence from='${ROOM}/firstwitch' type='error'><x xmlns='http://jabber.org/protocol/muc'/><error by='${ROOM}' type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`);
    await expect(joined).rejects.toBeInstanceOf(MucError);
    await joined.catch((e: MucError) => expect(e.code).toBe('conflict'));
  });
});
