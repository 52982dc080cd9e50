import { describe, expect, it } from 'vitest';
import { archiveQuery, offersArchive, parseFin, parseResult } from './mam.ts';
import { SeenIds, originId, stanzaIdBy } from './stanza-ids.ts';
import { parseStanza } from './test-xml.ts';

describe('archiveQuery', () => {
  it('asks for the last page with one contact (XEP-0313 §4.1, XEP-0059 §2.5)', () => {
    const q = archiveQuery({ queryId: 'f27', with: 'juliet@capulet.lit', max: 10 });
    expect(q.attrs.type).toBe('set');
    expect(q.attrs.to).toBeUndefined();
    const query = q.getChild('query', 'urn:xmpp:mam:2')!;
    expect(query.attrs.queryid).toBe('f27');
    const fields = query.getChild('x', 'jabber:x:data')!.getChildren('field');
    expect(fields.map((f) => [f.attrs.var, f.getChildText('value')])).toEqual([['FORM_TYPE', 'urn:xmpp:mam:2'], ['with', 'juliet@capulet.lit']]);
    const set = query.getChild('set', 'http://jabber.org/protocol/rsm')!;
    expect(set.getChildText('max')).toBe('10');
    expect(set.getChildText('before')).toBe('');
  });
  it('pages back from a first id and addresses a room archive', () => {
    const q = archiveQuery({ queryId: 'q', max: 20, before: '09af3-cc343-b409f', to: 'coven@chat.shakespeare.lit' });
    expect(q.attrs.to).toBe('coven@chat.shakespeare.lit');
    expect(q.getChild('query')!.getChild('set')!.getChildText('before')).toBe('09af3-cc343-b409f');
    expect(q.getChild('query')!.getChild('x')!.getChildren('field')).toHaveLength(1);
  });
});

// XEP-0313 §4.2 example 3, addressed to the requesting client.
const RESULT = `<message id='aeb213' to='juliet@capulet.lit/chamber'>
  <result xmlns='urn:xmpp:mam:2' queryid='f27' id='28482-98726-73623'>
    <forwarded xmlns='urn:xmpp:forward:0'>
      <delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>
      <message xmlns='jabber:client' from="witch@shakespeare.lit" to="macbeth@shakespeare.lit">
        <body>Hail to thee</body>
      </message>
    </forwarded>
  </result>
</message>`;

describe('parseResult', () => {
  it('reads the archived message, its archive id and stamp', () => {
    const r = parseResult(parseStanza(RESULT), 'f27', 'juliet@capulet.lit')!;
    expect(r.archiveId).toBe('28482-98726-73623');
    expect(r.stamp).toBe(Date.UTC(2010, 6, 10, 23, 8, 25));
    expect(r.message.getChildText('body')).toBe('Hail to thee');
    expect(r.message.attrs.from).toBe('witch@shakespeare.lit');
  });
  it('ignores results of another query and results forged by someone else', () => {
    expect(parseResult(parseStanza(RESULT), 'other', 'juliet@capulet.lit')).toBeUndefined();
    const forged = RESULT.replace("id='aeb213'", "id='aeb213' from='mallory@evil.lit'");
    expect(parseResult(parseStanza(forged), 'f27', 'juliet@capulet.lit')).toBeUndefined();
    const own = RESULT.replace("id='aeb213'", "id='aeb213' from='Juliet@capulet.lit'");
    expect(parseResult(parseStanza(own), 'f27', 'juliet@capulet.lit')).toBeDefined();
  });
});

describe('parseFin', () => {
  it('reads first and complete (XEP-0313 §4.3 example 5)', () => {
    const iq = parseStanza(`<iq type='result' id='juliet1'>
      <fin xmlns='urn:xmpp:mam:2' complete='true'>
        <set xmlns='http://jabber.org/protocol/rsm'>
          <first index='0'>28482-98726-73623</first>
          <last>09af3-cc343-b409f</last>
        </set>
      </fin></iq>`);
    expect(parseFin(iq)).toEqual({ first: '28482-98726-73623', complete: true });
  });
  it('an empty archive has no first and a page without complete is not the oldest', () => {
    expect(parseFin(parseStanza(`<iq type='result'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><count>0</count></set></fin></iq>`))).toEqual({ complete: false });
  });
  it('knows the feature', () => {
    expect(offersArchive(['urn:xmpp:mam:2'])).toBe(true);
    expect(offersArchive(['urn:xmpp:mam:1'])).toBe(false);
  });
});

describe('stanza ids (XEP-0359)', () => {
  // §5 example 2 with a second, untrusted id.
  const live = parseStanza(`<message xmlns='jabber:client' to='juliet@capulet.lit/chamber' from='romeo@montague.lit/orchard' id='abc'>
    <body>Art thou not Romeo, and a Montague?</body>
    <stanza-id xmlns='urn:xmpp:sid:0' id='evil' by='montague.lit'/>
    <stanza-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546013' by='juliet@capulet.lit'/>
    <origin-id xmlns='urn:xmpp:sid:0' id='orig-1'/>
  </message>`);
  it('takes only the id given by the archive we trust', () => {
    expect(stanzaIdBy(live, 'Juliet@capulet.lit')).toBe('de305d54-75b4-431b-adb2-eb6b9e546013');
    expect(stanzaIdBy(live, 'romeo@montague.lit')).toBeUndefined();
    expect(originId(live)).toBe('orig-1');
  });
  it('a live copy of an archived message is a duplicate, by archive id or by sender id', () => {
    const seen = new SeenIds();
    expect(seen.add('de305d54', 'romeo@montague.lit', 'orig-1')).toBe(true);
    expect(seen.add('de305d54', 'romeo@montague.lit', undefined)).toBe(false);
    expect(seen.add(undefined, 'Romeo@montague.lit', 'orig-1')).toBe(false);
    expect(seen.add(undefined, 'mallory@evil.lit', 'orig-1')).toBe(true);
  });
});
