import parse from 'ltx/lib/parse.js';
import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { buildSubmit, formType, initialValues, isTrue, missingRequired, parseForm } from './forms.ts';

const el = (s: string) => parse(s) as unknown as Element;

// XEP-0004 Example 2: a form with every field type but jid-single and text-private defaults.
const BOT_FORM = `<x xmlns='jabber:x:data' type='form'>
  <title>Bot Configuration</title>
  <instructions>Fill out this form to configure your new bot!</instructions>
  <field type='hidden' var='FORM_TYPE'><value>jabber:bot</value></field>
  <field type='fixed'><value>Section 1: Bot Info</value></field>
  <field type='text-single' label='The name of your bot' var='botname'/>
  <field type='text-multi' label='Helpful description of your bot' var='description'/>
  <field type='boolean' label='Public bot?' var='public'><required/></field>
  <field type='text-private' label='Password for special access' var='password'/>
  <field type='fixed'><value>Section 2: Features</value></field>
  <field type='list-multi' label='What features will the bot support?' var='features'>
    <option label='Contests'><value>contests</value></option>
    <option label='News'><value>news</value></option>
    <option label='Polls'><value>polls</value></option>
    <option label='Reminders'><value>reminders</value></option>
    <option label='Search'><value>search</value></option>
    <value>news</value>
    <value>search</value>
  </field>
  <field type='fixed'><value>Section 3: Subscriber List</value></field>
  <field type='list-single' label='Maximum number of subscribers' var='maxsubs'>
    <value>20</value>
    <option label='10'><value>10</value></option>
    <option label='20'><value>20</value></option>
    <option label='30'><value>30</value></option>
    <option label='50'><value>50</value></option>
    <option label='100'><value>100</value></option>
    <option label='None'><value>none</value></option>
  </field>
  <field type='fixed'><value>Section 4: Invitations</value></field>
  <field type='jid-multi' label='People to invite' var='invitelist'>
    <desc>Tell all your friends about your new bot!</desc>
  </field>
</x>`;

describe('parseForm', () => {
  it('reads the XEP-0004 bot configuration form (Example 2)', () => {
    const form = parseForm(el(BOT_FORM));
    expect(form.type).toBe('form');
    expect(form.title).toBe('Bot Configuration');
    expect(form.instructions).toEqual(['Fill out this form to configure your new bot!']);
    expect(form.fields.map((f) => f.type)).toEqual([
      'hidden', 'fixed', 'text-single', 'text-multi', 'boolean', 'text-private', 'fixed',
      'list-multi', 'fixed', 'list-single', 'fixed', 'jid-multi',
    ]);
    expect(formType(form)).toBe('jabber:bot');
    const pub = form.fields.find((f) => f.var === 'public');
    expect(pub).toMatchObject({ label: 'Public bot?', required: true, values: [] });
    const features = form.fields.find((f) => f.var === 'features');
    expect(features?.options[1]).toEqual({ label: 'News', value: 'news' });
    expect(features?.values).toEqual(['news', 'search']);
    expect(form.fields.find((f) => f.var === 'maxsubs')?.values).toEqual(['20']);
    expect(form.fields.find((f) => f.var === 'invitelist')?.desc).toBe('Tell all your friends about your new bot!');
    expect(form.fields[1]).toEqual({ type: 'fixed', required: false, values: ['Section 1: Bot Info'], options: [] });
  });

  it('treats a field without a type as text-single and an unknown type likewise', () => {
    const form = parseForm(el(`<x xmlns='jabber:x:data' type='form'><field var='a'/><field var='b' type='x-color'/></x>`));
    expect(form.fields.map((f) => f.type)).toEqual(['text-single', 'text-single']);
  });

  it('drops a non-fixed field without a var (it could never be submitted)', () => {
    const form = parseForm(el(`<x xmlns='jabber:x:data' type='form'><field type='text-single' label='orphan'/></x>`));
    expect(form.fields).toEqual([]);
  });

  it('rejects something that is not a data form', () => {
    expect(() => parseForm(el(`<x xmlns='jabber:x:oob'/>`))).toThrow(/jabber:x:data/);
  });

  it('keeps text as text (no markup is interpreted)', () => {
    const form = parseForm(el(`<x xmlns='jabber:x:data'><title>&lt;b&gt;hi&lt;/b&gt;</title></x>`));
    expect(form.title).toBe('<b>hi</b>');
  });
});

describe('buildSubmit', () => {
  it('builds the XEP-0004 Example 3 submission from the filled form', () => {
    const form = parseForm(el(BOT_FORM));
    const x = buildSubmit(form, {
      ...initialValues(form),
      botname: ['The Jabber Google Bot'],
      description: ['This bot enables you to send requests to\nGoogle and receive the search results right'],
      public: ['0'],
      password: ['v3r0na'],
      maxsubs: ['50'],
      invitelist: ['juliet@capulet.com\nbenvolio@montague.net'],
    });
    expect(x.attrs).toEqual({ xmlns: 'jabber:x:data', type: 'submit' });
    const values = Object.fromEntries(
      x.getChildren('field').map((f) => [f.attrs.var, f.getChildren('value').map((v) => v.text())]),
    );
    expect(values).toEqual({
      FORM_TYPE: ['jabber:bot'],
      botname: ['The Jabber Google Bot'],
      description: ['This bot enables you to send requests to', 'Google and receive the search results right'],
      public: ['0'],
      password: ['v3r0na'],
      features: ['news', 'search'],
      maxsubs: ['50'],
      invitelist: ['juliet@capulet.com', 'benvolio@montague.net'],
    });
    expect(x.getChildren('field').find((f) => f.attrs.var === 'FORM_TYPE')?.attrs.type).toBe('hidden');
  });

  it('never lets the user change a hidden value and leaves fixed fields out', () => {
    const form = parseForm(el(BOT_FORM));
    const x = buildSubmit(form, { FORM_TYPE: ['evil'] });
    expect(x.getChildren('field').find((f) => f.attrs.var === 'FORM_TYPE')?.getChildText('value')).toBe('jabber:bot');
    expect(x.getChildren('field').every((f) => f.attrs.var)).toBe(true);
  });

  it('sends booleans as 1/0 and one value for single-valued fields', () => {
    const form = parseForm(el(`<x xmlns='jabber:x:data'><field type='boolean' var='b'/><field var='s'/></x>`));
    const x = buildSubmit(form, { b: ['true'], s: ['one', 'two'] });
    expect(x.toString()).toBe(
      `<x xmlns="jabber:x:data" type="submit"><field var="b"><value>1</value></field><field var="s"><value>one</value></field></x>`,
    );
  });
});

describe('helpers', () => {
  it('isTrue accepts 1 and true only', () => {
    expect([['1'], ['true'], ['0'], ['false'], [], undefined].map((v) => isTrue(v))).toEqual([true, true, false, false, false, false]);
  });
  it('missingRequired lists required fields left empty', () => {
    const form = parseForm(
      el(`<x xmlns='jabber:x:data'><field var='a'><required/></field><field var='b'><required/><value>x</value></field><field var='c'/></x>`),
    );
    expect(missingRequired(form, { a: ['  '] }).map((f) => f.var)).toEqual(['a']);
    expect(missingRequired(form, { a: ['y'] })).toEqual([]);
  });
});
