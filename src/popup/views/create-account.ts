/**
 * Creating an account from the window: an account invite (`?register;preauth=`), a contact invite
 * that may create one (`?roster;preauth=…;ibr=y`), or open registration (Options). The window
 * says who invited whom, asks for a username and a password (with Generate, shown once with
 * Copy so the user can take it to other apps), and contacts the server only on the deliberate
 * click of "Create account" (submitForm). Then it signs in as usual, so SCRAM keys are stored and
 * never the password, and the account joins the list (the default if it is the only one). A
 * contact invite ends with the inviter in the roster. A refusal keeps everything typed.
 */
import { credentialStore } from '../../shared/credentials.ts';
import { addCreatedAccount, generatePassword } from '../created-account.ts';
import { actingButton, busyButton, field, h, replace, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { createAccount } from '../../xmpp/account-creation.ts';
import { addContact, fetchRoster } from '../../xmpp/roster.ts';
import { type Session, openSession } from '../../xmpp/session.ts';
import { explain } from '../explain.ts';
import type { InviteRoute } from '../invite-route.ts';

export { inviteRoute } from '../invite-route.ts';
import { withJid } from '../jid-label.ts';
import { CREATE } from '../phrases/register.ts';
import { statusLine } from '../status-line.ts';

export interface CreateAccountSetup {
  /** The server to create the account on. */
  domain: string;
  /** The invite's token; absent for open registration. */
  preauth?: string;
  /** A name the invite reserves (`xmpp:romeo@host?register;preauth=`). */
  username?: string;
  /** A contact invite: the inviter, added to the new account's roster. */
  inviter?: string;
  /** Called with the new account's JID once it is saved and signed in. */
  onDone?(jid: string): void;
}

/**
 * The name as the server will store it, or undefined when RFC 7622 forbids it (§3.3: none of
 * `" & ' / : < > @` or spaces, at most 1023 bytes). Lower-cased as servers case-fold; the
 * full PRECIS check is the server's, which answers a bad name with not-acceptable.
 */
export function localpart(typed: string): string | undefined {
  const name = typed.trim().toLowerCase();
  if (!name || /["&'/:<>@\s]/u.test(name) || new TextEncoder().encode(name).length > 1023) return undefined;
  return name;
}

/**
 * An invite that creates an account (invite-route.ts). With accounts elsewhere, a contact invite
 * asks first: add the inviter with one of them, or create an account on the inviter's server.
 * Neither choice sends anything. Resolves true when this took over the window.
 */
export function offerInvite(root: HTMLElement, route: InviteRoute): Promise<boolean> {
  const { create } = route;
  const take = () => {
    addEventListener('pagehide', renderCreateAccount(root, create));
    return true;
  };
  if (!route.ask) return Promise.resolve(take());
  return new Promise((resolve) => {
    const mine = h('button', { type: 'button', on: { click: () => resolve(false) } }, t('create_useMine'));
    const there = actingButton(t('create_makeThere'), () => resolve(take()));
    replace(root, h('p', {}, ...withJid('create_askWhich', create.inviter!, create.domain)), h('div', { className: 'row' }, mine, there));
    mine.focus();
  }).then((took) => {
    if (!took) replace(root);
    return took as boolean;
  });
}

export function renderCreateAccount(root: HTMLElement, s: CreateAccountSetup): () => void {
  let session: Session | undefined;
  let disposed = false;
  const username = h('input', { type: 'text', value: s.username ?? '', autocomplete: 'username', required: true, spellcheck: false });
  const password = h('input', { type: 'password', autocomplete: 'new-password', required: true });
  const line = statusLine();
  const copy = h('button', {
    type: 'button',
    className: 'secondary',
    hidden: true,
    on: { click: () => void navigator.clipboard.writeText(password.value).then(() => line.say(t('create_copied'))) },
  }, t('create_copy'));
  // Shown in clear this once, with Copy, so the user can keep it for other apps.
  const generate = h('button', { type: 'button', className: 'secondary', on: { click: () => {
    password.value = generatePassword();
    password.type = 'text';
    copy.hidden = false;
  } } }, t('create_generate'));
  const submit = h('button', { type: 'submit' }, t('create_submit'));
  const fieldset = h(
    'fieldset',
    { className: 'plain' },
    field(t('register_field_username'), username),
    field(t('action_password'), password, t('create_passwordHint')),
    h('div', { className: 'row' }, generate, copy),
  );
  const result = h('div');
  const intro = s.inviter ? withJid('create_introContact', s.inviter, s.domain) : withJid(s.preauth ? 'create_introInvite' : 'create_introOpen', s.domain);

  // Created once: the button stays off after. A sign-in that fails after the account was made
  // is tried again on the next click with the same name and password, never a second creation
  // (the server would call the name taken, or the invite used).
  let made: { jid: string; pw: string; endpoint: string } | undefined;
  const attempt = busyButton(submit, async () => {
    const name = localpart(username.value);
    if (!made && !name) {
      line.fail(t('create_errNotAcceptable', s.domain));
      username.focus();
      return;
    }
    fieldset.disabled = true;
    line.working(t('create_sending'));
    try {
      if (!made) {
        const pw = password.value;
        const { endpoint } = await createAccount({ domain: s.domain, username: name!, password: pw, preauth: s.preauth });
        made = { jid: `${name}@${s.domain}`, pw, endpoint };
      }
      const { jid, pw, endpoint } = made;
      if (disposed) return true;
      line.say(t('create_done', jid), 'ok');
      // The first sign-in derives and stores SCRAM keys under the new id; the password goes no further.
      const id = crypto.randomUUID();
      session = await openSession({ jid, websocketUrl: endpoint }, { credentials: credentialStore(id, pw) });
      if (disposed) {
        void session.close();
        return true;
      }
      await addCreatedAccount({ id, jid, discoveredUrl: endpoint });
      password.value = '';
      password.type = 'password';
      copy.hidden = true;
      const done = s.inviter ? await befriend(session, s.inviter, s.preauth) : null;
      // Nothing more to do on this stream: the account's own windows sign in for themselves.
      void session.close();
      // In Options (onDone) the page stays; the action window offers to close.
      const close = s.onDone ? null : h('div', { className: 'row' }, h('button', { type: 'button', className: 'secondary', on: { click: () => window.close() } }, t('close')));
      replace(result, h('p', { className: 'ok' }, ...withJid('action_signedIn', jid)), done, close);
      s.onDone?.(jid);
      return true;
    } catch (err) {
      if (disposed) return true;
      // Everything typed stays: the user changes the name or password and clicks again (or,
      // once the account exists, only signs in again).
      fieldset.disabled = !!made;
      const { text, detail } = explain(err, CREATE, s.domain);
      line.fail(text, detail);
      // XEP-0077 §5: a server that needs more (a CAPTCHA) may name its web page for registering.
      const url = (err as { url?: string }).url;
      replace(result, url && /^https?:\/\//i.test(url) ? h('p', {}, h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url)) : null);
    }
  });

  replace(root, submitForm(() => void attempt(), h('p', {}, ...intro), h('p', { className: 'muted' }, ...withJid('create_asksFirst', s.domain)), fieldset, h('div', { className: 'row' }, submit), line.status, line.details, result));
  username.focus();
  return () => {
    disposed = true;
    void session?.close();
  };
}

/**
 * The inviter in the new roster. Prosody's mod_invites_register subscribes both ways when the
 * account is made with the inviter's token; elsewhere the token goes with our own request
 * (XEP-0379), which the inviter's server approves.
 */
async function befriend(session: Session, inviter: string, preauth?: string): Promise<HTMLElement> {
  try {
    if ((await fetchRoster(session)).find((i) => i.jid === inviter)?.subscription === 'both') return h('p', { className: 'ok' }, ...withJid('create_contactBoth', inviter));
    await addContact(session, { jid: inviter, preauth });
    return h('p', { className: 'ok' }, ...withJid('create_contactAsked', inviter));
  } catch {
    return h('p', { className: 'error' }, ...withJid('create_contactFailed', inviter));
  }
}
