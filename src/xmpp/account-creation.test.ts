import type { Element } from '@xmpp/xml';
import parse from 'ltx/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { CreateAccountError, offersRegistration, preauthIq, registrationValues, takesInvites } from './account-creation.ts';
import { buildRegisterQuery, parseRegistration } from './register.ts';

const el = (s: string) => parse(s) as unknown as Element;

// XEP-0445 §3 (and what Prosody 0.12 mod_invites_register sends an unauthenticated stream).
const FEATURES_WITH_INVITES = `<stream:features xmlns:stream='http://etherx.jabber.org/streams'>
  <mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism></mechanisms>
  <register xmlns='http://jabber.org/features/iq-register'/>
  <register xmlns='urn:xmpp:invite'/>
  <register xmlns='urn:xmpp:ibr-token:0'/>
</stream:features>`;
const FEATURES_PLAIN = `<stream:features xmlns:stream='http://etherx.jabber.org/streams'>
  <mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism></mechanisms>
</stream:features>`;

// What Prosody 0.12 mod_register_ibr answers: a form beside the legacy fields.
const PROSODY_REGISTER = `<query xmlns='jabber:iq:register'>
  <instructions>Choose a username and password for use with this service.</instructions>
  <username/><password/>
  <x xmlns='jabber:x:data' type='form'>
    <field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>
    <field var='username' type='text-single' label='Username'><required/></field>
    <field var='password' type='text-private' label='Password'><required/></field>
  </x>
</query>`;

// XEP-0158 Example 4 (abridged): a CAPTCHA inside the registration form.
const CAPTCHA = `<query xmlns='jabber:iq:register'>
  <x xmlns='jabber:x:data' type='form'>
    <field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>
    <field var='username' type='text-single'><required/></field>
    <field var='password' type='text-private'><required/></field>
    <field label='Enter the text you see' var='ocr'><required/></field>
  </x>
  <x xmlns='jabber:x:oob'><url>https://example.com/register</url></x>
</query>`;

describe('account creation stanzas', () => {
  it('builds the XEP-0401 §4 preauth iq', () => {
    const iq = preauthIq('1tMFqYDdKhfe2pwp');
    expect(iq.toString()).toBe(`<iq type="set"><preauth xmlns="urn:xmpp:pars:0" token="1tMFqYDdKhfe2pwp"/></iq>`);
  });

  it('sees the ibr-token stream feature (and the legacy urn:xmpp:invite one)', () => {
    expect(takesInvites(el(FEATURES_WITH_INVITES))).toBe(true);
    expect(takesInvites(el(FEATURES_WITH_INVITES.replace("<register xmlns='urn:xmpp:ibr-token:0'/>", '')))).toBe(true);
    expect(takesInvites(el(FEATURES_PLAIN))).toBe(false);
    expect(offersRegistration(el(FEATURES_WITH_INVITES))).toBe(true);
    expect(offersRegistration(el(FEATURES_PLAIN))).toBe(false);
  });

  it('answers Prosody\'s form with the username and password', () => {
    const reg = parseRegistration(el(PROSODY_REGISTER));
    const query = buildRegisterQuery(reg, registrationValues(reg, 'juliet', 's3cret'));
    expect(query.toString()).toBe(
      '<query xmlns="jabber:iq:register"><x xmlns="jabber:x:data" type="submit">' +
        '<field var="FORM_TYPE" type="hidden"><value>jabber:iq:register</value></field>' +
        '<field var="username"><value>juliet</value></field><field var="password"><value>s3cret</value></field></x></query>',
    );
  });

  it('answers the legacy fields (XEP-0077 Example 6)', () => {
    const reg = parseRegistration(el(`<query xmlns='jabber:iq:register'><username/><password/></query>`));
    expect(buildRegisterQuery(reg, registrationValues(reg, 'bill', 'Calliope')).toString()).toBe(
      '<query xmlns="jabber:iq:register"><username>bill</username><password>Calliope</password></query>',
    );
  });

  it('a CAPTCHA form needs the server\'s web page, named when the server gives one', () => {
    const reg = parseRegistration(el(CAPTCHA));
    let err: unknown;
    try {
      registrationValues(reg, 'juliet', 's3cret');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CreateAccountError);
    expect((err as CreateAccountError).code).toBe('needs-web');
    expect((err as CreateAccountError).url).toBe('https://example.com/register');
  });
});
