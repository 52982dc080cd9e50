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
import { addCreatedAccount, generatePassword } from '../../shared/created-account.ts';
import { field, h, replace, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { CreateAccountError, type CreateErrorCode, createAccount } from '../../xmpp/account-creation.ts';
import { addContact, fetchRoster } from '../../xmpp/roster.ts';
import { type Session, openSession } from '../../xmpp/session.ts';
import { withJid } from '../jid-label.ts';

export interface CreateAccountSetup {
  /** The server to create the account on. */
  domain: string;
  /** The invite's token; absent for open registration. */
  preauth?: string;
  /** A name the invite reserves (`xmpp:romeo@host?register;preauth=`). */
  username?: string;
  /** A contact invite: the inviter, added to the new account's roster. */
  inviter?: string;
  /** An endpoint the user typed (Options); absent: XEP-0156 discovery. */
  websocketUrl?: string;
  /** Called with the new account's JID once it is saved and signed in. */
  onDone?(jid: string): void;
}

const ERROR_KEYS: Record<CreateErrorCode, string> = {
  conflict: 'create_errConflict',
  'invalid-token': 'create_errToken',
  'no-invites': 'create_errNoInvites',
  closed: 'create_errClosed',
  'needs-web': 'create_errNeedsWeb',
  'not-acceptable': 'create_errNotAcceptable',
  unreachable: 'create_errUnreachable',
  timeout: 'create_errTimeout',
  failed: 'create_errFailed',
};

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

export function renderCreateAccount(root: HTMLElement, s: CreateAccountSetup): () => void {
  let session: Session | undefined;
  let disposed = false;
  const username = h('input', { type: 'text', value: s.username ?? '', autocomplete: 'username', required: true, spellcheck: false });
  const password = h('input', { type: 'password', autocomplete: 'new-password', required: true });
  const copy = h('button', {
    type: 'button',
    className: 'secondary',
    hidden: true,
    on: { click: () => void navigator.clipboard.writeText(password.value).then(() => (copied.textContent = t('create_copied'))) },
  }, t('create_copy'));
  const copied = h('span', { className: 'muted', attrs: { role: 'status' } });
  const generate = h('button', {
    type: 'button',
    className: 'secondary',
    on: {
      click: () => {
        // Shown in clear this once, with Copy, so the user can keep it for other apps.
        password.value = generatePassword();
        password.type = 'text';
        copy.hidden = false;
        copied.textContent = '';
      },
    },
  }, t('create_generate'));
  const submit = h('button', { type: 'submit' }, t('create_submit'));
  const fieldset = h(
    'fieldset',
    { attrs: { style: 'border:0;padding:0;margin:0;min-width:0' } },
    field(t('create_username'), username),
    field(t('create_password'), password, t('create_passwordHint')),
    h('div', { className: 'row' }, generate, copy, copied),
  );
  const result = h('div', { attrs: { role: 'status' } });
  const intro = s.inviter
    ? [h('p', {}, ...withJid('create_introContact', s.inviter, s.domain))]
    : s.preauth
      ? [h('p', {}, ...withJid('create_introInvite', s.domain))]
      : [h('p', {}, ...withJid('create_introOpen', s.domain))];
  let busy = false;

  const fail = (code: CreateErrorCode, detail?: string, url?: string) => {
    fieldset.disabled = false;
    submit.disabled = false;
    const web = url && /^https?:\/\//i.test(url) ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url) : null;
    replace(
      result,
      h('p', { className: 'error', attrs: { role: 'alert' } }, ...withJid(ERROR_KEYS[code], s.domain)),
      web && h('p', {}, web),
      detail ? h('p', { className: 'muted' }, t('register_details', detail)) : null,
    );
  };

  const attempt = async () => {
    if (busy) return;
    const name = localpart(username.value);
    if (!name) {
      fail('not-acceptable');
      username.focus();
      return;
    }
    const jid = `${name}@${s.domain}`;
    if (!password.value) {
      password.focus();
      return;
    }
    busy = true;
    fieldset.disabled = true;
    submit.disabled = true;
    replace(result, h('p', { className: 'muted' }, t('create_sending')));
    const pw = password.value;
    try {
      const made = await createAccount({
        domain: s.domain,
        username: name,
        password: pw,
        ...(s.preauth ? { preauth: s.preauth } : {}),
        ...(s.websocketUrl ? { websocketUrl: s.websocketUrl } : {}),
      });
      if (disposed) return;
      replace(result, h('p', { className: 'ok' }, ...withJid('create_done', jid)), h('p', { className: 'muted' }, t('action_signingIn')));
      // The first sign-in derives and stores SCRAM keys under the new id; the password goes no further.
      const id = crypto.randomUUID();
      session = await openSession({ jid, websocketUrl: made.endpoint }, { credentials: credentialStore(id, pw) });
      if (disposed) {
        void session.close();
        return;
      }
      await addCreatedAccount({ id, jid, ...(s.websocketUrl ? { websocketUrl: s.websocketUrl } : { discoveredUrl: made.endpoint }) });
      password.value = '';
      password.type = 'password';
      copy.hidden = true;
      const lines: HTMLElement[] = [h('p', { className: 'ok' }, ...withJid('create_done', jid)), h('p', { className: 'ok' }, ...withJid('action_signedIn', jid))];
      if (s.inviter) lines.push(await befriend(session, s.inviter, s.preauth));
      replace(result, ...lines, h('div', { className: 'row' }, h('button', { type: 'button', className: 'secondary', on: { click: () => window.close() } }, t('close'))));
      s.onDone?.(jid);
    } catch (err) {
      if (disposed) return;
      if (err instanceof CreateAccountError) fail(err.code, err.detail, err.url);
      else fail('failed', err instanceof Error ? err.message : String(err));
    } finally {
      busy = false;
    }
  };

  replace(root, submitForm(() => void attempt(), ...intro, h('p', { className: 'muted' }, ...withJid('create_asksFirst', s.domain)), fieldset, h('div', { className: 'row' }, submit), result));
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
    const items = await fetchRoster(session);
    const item = items.find((i) => i.jid === inviter);
    if (item?.subscription === 'both') return h('p', { className: 'ok' }, ...withJid('create_contactBoth', inviter));
    await addContact(session, { jid: inviter, ...(preauth ? { preauth } : {}) });
    return h('p', { className: 'ok' }, ...withJid('create_contactAsked', inviter));
  } catch {
    return h('p', { className: 'error' }, ...withJid('create_contactFailed', inviter));
  }
}
