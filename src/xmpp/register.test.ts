import StanzaError from '@xmpp/middleware/lib/StanzaError.js';
import type { Element } from '@xmpp/xml';
import parse from 'ltx/lib/parse.js';
import { describe, expect, it } from 'vitest';
import {
  RegisterError,
  buildRegisterQuery,
  getRegistration,
  parseRegistration,
  submitRegistration,
  toRegisterError,
} from './register.ts';

const el = (s: string) => parse(s) as unknown as Element;

// XEP-0077 Example 2: the legacy fields, with instructions.
const LEGACY = `<iq type='result' id='reg1'>
  <query xmlns='jabber:iq:register'>
    <instructions>
      Choose a username and password for use with this service.
      Please also provide your email address.
    </instructions>
    <username/>
    <password/>
    <email/>
  </query>
</iq>`;

// XEP-0077 Example 4: already registered.
const REGISTERED = `<iq type='result' id='reg1'>
  <query xmlns='jabber:iq:register'>
    <registered/>
    <username>juliet</username>
    <password>R0m30</password>
    <email>juliet@capulet.com</email>
  </query>
</iq>`;

// XEP-0077 Example 8 (extensibility): a data form beside legacy instructions.
const WITH_FORM = `<iq type='result' from='marlowe.shakespeare.lit' to='juliet@capulet.com/balcony' id='reg3'>
  <query xmlns='jabber:iq:register'>
    <instructions>
      Use the enclosed form to register. If your Jabber client does not
      support Data Forms, visit http://www.shakespeare.lit/contests.php
    </instructions>
    <x xmlns='jabber:x:data' type='form'>
      <title>Contest Registration</title>
      <instructions>
        Please provide the following information
        to sign up for our special contests!
      </instructions>
      <field type='hidden' var='FORM_TYPE'>
        <value>jabber:iq:register</value>
      </field>
      <field type='text-single' label='Given Name' var='first'>
        <required/>
      </field>
      <field type='text-single' label='Family Name' var='last'>
        <required/>
      </field>
      <field type='text-single' label='Email Address' var='email'>
        <required/>
      </field>
      <field type='list-single' label='Gender' var='x-gender'>
        <option label='Male'><value>M</value></option>
        <option label='Female'><value>F</value></option>
      </field>
    </x>
  </query>
</iq>`;

// XEP-0045 Example 185 (trimmed): a room's nickname registration form.
const ROOM_FORM = `<iq from='coven@chat.shakespeare.lit' id='jw81b36f' to='hag66@shakespeare.lit/pda' type='result'>
  <query xmlns='jabber:iq:register'>
    <x xmlns='jabber:x:data' type='form'>
      <title>Dragon Fire Registration</title>
      <field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value></field>
      <field label='Desired Nickname' type='text-single' var='muc#register_roomnick'><required/></field>
    </x>
  </query>
</iq>`;

// XEP-0077 §3.1 redirection (Example 5): register on the web instead.
const REDIRECT = `<iq type='result' from='contests.shakespeare.lit' id='reg3'>
  <query xmlns='jabber:iq:register'>
    <instructions>To register, visit http://www.shakespeare.lit/contests.php</instructions>
    <x xmlns='jabber:x:oob'><url>http://www.shakespeare.lit/contests.php</url></x>
  </query>
</iq>`;

const query = (iq: string) => el(iq).getChild('query', 'jabber:iq:register') as Element;

/** A StanzaError exactly as xmpp.js' iqCaller rejects with it for an `<iq type='error'/>`. */
function stanzaError(condition: string, type = 'cancel', text?: string): Error {
  const t = text ? `<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>${text}</text>` : '';
  return StanzaError.fromElement(el(`<error type='${type}'><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>${t}</error>`));
}

describe('parseRegistration', () => {
  it('reads legacy fields and instructions (XEP-0077 Example 2)', () => {
    const reg = parseRegistration(query(LEGACY));
    expect(reg).toMatchObject({ kind: 'legacy', registered: false });
    expect(reg.instructions).toMatch(/^Choose a username and password.*email address\.$/s);
    expect(reg.kind === 'legacy' && reg.fields).toEqual([
      { name: 'username', value: '' },
      { name: 'password', value: '' },
      { name: 'email', value: '' },
    ]);
  });

  it('says when the account is already registered, with its current values (Example 4)', () => {
    const reg = parseRegistration(query(REGISTERED));
    expect(reg.registered).toBe(true);
    expect(reg.kind === 'legacy' && reg.fields.map((f) => f.value)).toEqual(['juliet', 'R0m30', 'juliet@capulet.com']);
  });

  it('prefers the data form when the service sends one (Example 8)', () => {
    const reg = parseRegistration(query(WITH_FORM));
    expect(reg.kind).toBe('form');
    if (reg.kind !== 'form') return;
    expect(reg.form.title).toBe('Contest Registration');
    expect(reg.form.fields.filter((f) => f.required).map((f) => f.var)).toEqual(['first', 'last', 'email']);
    expect(reg.instructions).toMatch(/^Use the enclosed form/);
  });

  it('reads a room nickname registration form (XEP-0045 Example 185)', () => {
    const reg = parseRegistration(query(ROOM_FORM));
    expect(reg.kind === 'form' && reg.form.fields.map((f) => f.var)).toEqual(['FORM_TYPE', 'muc#register_roomnick']);
  });

  it('keeps the web address of a redirection', () => {
    const reg = parseRegistration(query(REDIRECT));
    expect(reg).toMatchObject({ kind: 'legacy', fields: [], url: 'http://www.shakespeare.lit/contests.php' });
  });
});

describe('buildRegisterQuery', () => {
  it('sends the legacy fields with the user values (XEP-0077 Example 3)', () => {
    const reg = parseRegistration(query(LEGACY));
    const q = buildRegisterQuery(reg, { username: 'bill', password: 'Calliope', email: 'bard@shakespeare.lit' });
    expect(q.toString()).toBe(
      '<query xmlns="jabber:iq:register"><username>bill</username><password>Calliope</password><email>bard@shakespeare.lit</email></query>',
    );
  });

  it('sends the submitted form for a room nickname (XEP-0045 Example 186)', () => {
    const reg = parseRegistration(query(ROOM_FORM));
    const q = buildRegisterQuery(reg, { 'muc#register_roomnick': ['thirdwitch'] });
    expect(q.toString()).toBe(
      '<query xmlns="jabber:iq:register"><x xmlns="jabber:x:data" type="submit">' +
        '<field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/muc#register</value></field>' +
        '<field var="muc#register_roomnick"><value>thirdwitch</value></field></x></query>',
    );
  });
});

describe('errors', () => {
  it('maps the XEP-0077 error conditions to stable codes', () => {
    const codes = ['conflict', 'not-acceptable', 'not-allowed', 'bad-request', 'registration-required', 'forbidden', 'service-unavailable', 'internal-server-error'].map(
      (c) => toRegisterError(stanzaError(c)).code,
    );
    expect(codes).toEqual(['conflict', 'not-acceptable', 'not-allowed', 'bad-request', 'registration-required', 'forbidden', 'unsupported', 'failed']);
  });

  it('keeps the raw condition and the service text for a details line', () => {
    const err = toRegisterError(stanzaError('bad-request', 'modify', 'Invalid Nickname'));
    expect(err).toBeInstanceOf(RegisterError);
    expect(err.detail).toBe('bad-request: Invalid Nickname');
  });

  it('get and submit reject with RegisterError when the service answers with an error (Example 12: conflict)', async () => {
    const sent: Element[] = [];
    const session = {
      iq: async (stanza: Element) => {
        sent.push(stanza);
        throw stanzaError('conflict');
      },
    };
    const reg = parseRegistration(query(LEGACY));
    await expect(submitRegistration(session, 'marlowe.shakespeare.lit', reg, { username: 'bill' })).rejects.toMatchObject({
      name: 'RegisterError',
      code: 'conflict',
    });
    expect(sent[0]?.attrs).toMatchObject({ type: 'set', to: 'marlowe.shakespeare.lit' });
    await expect(getRegistration(session, 'x')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('get sends an empty query and reads the answer', async () => {
    let sent: Element | undefined;
    const iq = async (s: Element) => {
      sent = s;
      return el(LEGACY);
    };
    const reg = await getRegistration({ iq }, 'shakespeare.lit');
    expect(sent?.toString()).toBe('<iq type="get" to="shakespeare.lit"><query xmlns="jabber:iq:register"/></iq>');
    expect(reg.kind).toBe('legacy');
  });
});
