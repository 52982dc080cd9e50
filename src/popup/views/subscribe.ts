/**
 * `subscribe` and `roster`: add someone to the contact list and ask to see their presence.
 * Order matters (XEP-0081, RFC 6121 §3.1.1): get the roster, set the item, then send
 * `<presence type='subscribe'>`; the window then follows the contact's answer while it is open.
 */
import type { RosterAction } from '../../core/action.ts';
import { busyButton, field, h, replace, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import {
  type RosterItem,
  acknowledgeRosterPushes,
  addContact,
  fetchRoster,
  isSubscribedTo,
  rosterGroups,
  setRosterItem,
  watchSubscription,
} from '../../xmpp/roster.ts';
import { bareOf } from '../../shared/wire-jid.ts';
import type { Session } from '../../xmpp/session.ts';
import { explain } from '../explain.ts';
import { ROSTER } from '../phrases/roster.ts';
import { withJid } from '../jid-label.ts';
import { statusLine } from '../status-line.ts';
import type { View } from './view.ts';

export const render: View = (root, ctx) => {
  const action = ctx.action as RosterAction;
  const contact = bareOf(action.jid);
  const name = h('input', { type: 'text', value: action.name ?? '', autocomplete: 'off' });
  const groupList = h('datalist', { id: 'subscribe-groups' });
  const group = h('input', { type: 'text', value: action.group ?? '', autocomplete: 'off', attrs: { list: groupList.id } });
  const add = h('button', { type: 'submit' }, t('subscribe_add'));
  const line = statusLine();
  const { status, details, say, working } = line;
  let stopWatching: (() => void) | undefined;
  let existing: RosterItem | undefined;

  const fail = (err: unknown) => {
    const { text, detail } = explain(err, ROSTER, ctx.account);
    line.fail(text, detail);
  };

  /** What the roster says about the contact, shown before anything is sent. */
  const showExisting = (items: RosterItem[]) => {
    replace(groupList, ...rosterGroups(items).map((g) => h('option', { value: g })));
    existing = items.find((i) => i.jid === contact);
    if (!existing) return;
    if (!name.value && existing.name) name.value = existing.name;
    if (!group.value && existing.groups[0]) group.value = existing.groups[0];
    if (isSubscribedTo(existing)) {
      say(t('subscribe_already', contact), 'ok');
      add.textContent = t('options_save');
    } else if (existing.pending) {
      say(t('subscribe_pendingBefore', contact));
    }
  };

  // Reading the roster before any click is fine: it asks only the user's own server, which
  // already knows it, and nobody else learns anything. It fills the group suggestions and tells
  // whether this person is a contact already.
  const ready = ctx.session().then(async (session) => {
    if (!session.preApproval) inviteNote?.remove();
    acknowledgeRosterPushes(session);
    const items = await fetchRoster(session);
    if (!ctx.signal.aborted) showExisting(items);
    return session;
  });
  ready.catch(() => undefined); // sign-in failures are shown by the connection panel

  const follow = (session: Session) => {
    stopWatching?.();
    say(t('subscribe_waiting', contact));
    stopWatching = watchSubscription(session, contact, (answer) => {
      // "Now contacts" both ways only where the pre-approval went out (roster.ts addContact).
      const both = action.preauth && session.preApproval;
      if (answer === 'approved') say(t(both ? 'subscribe_approvedBoth' : 'subscribe_approved', contact), 'ok');
      else say(t('subscribe_declined', contact), 'error');
    });
  };

  const submit = busyButton(add, async () => {
    if (ctx.signal.aborted) return;
    working(t('subscribe_adding'));
    try {
      const session = await ctx.session();
      acknowledgeRosterPushes(session);
      // First the roster: Prosody pushes roster changes and the contact's `subscribed` only to
      // sessions that fetched it (RFC 6121 §2.1.6 "interested resource"); it may also be a new
      // session since the window opened.
      const items = await fetchRoster(session);
      existing = items.find((i) => i.jid === contact);
      const fields = { jid: contact, name: name.value.trim(), group: group.value.trim(), preauth: action.preauth };
      if (isSubscribedTo(existing)) {
        await setRosterItem(session, { jid: contact, name: fields.name, groups: [fields.group] });
        say(t('subscribe_saved', contact), 'ok');
      } else {
        // Listen before asking: an auto-approving contact answers within milliseconds.
        follow(session);
        await addContact(session, fields);
        // Sent once: the button stays disabled; the status follows the answer.
        return true;
      }
    } catch (err) {
      stopWatching?.();
      fail(err);
    }
  });

  // An invite's Add also pre-approves their request back (roster.ts addContact): said before the
  // click, and taken back once signed in to a server that takes no pre-approvals.
  const inviteNote = action.preauth ? h('p', { className: 'muted' }, ...withJid('subscribe_inviteNote', contact)) : null;
  const form = submitForm(() => void submit(),
    h('p', {}, ...withJid('subscribe_intro', contact)),
    inviteNote,
    field(t('subscribe_name'), name),
    field(t('subscribe_group'), group, t('subscribe_groupHint')),
    groupList,
    h('div', { className: 'row' }, add),
    status,
    details,
  );
  root.replaceChildren(form);
  name.focus();
  ctx.signal.addEventListener('abort', () => stopWatching?.());
};
