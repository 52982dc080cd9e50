/**
 * `register`: XEP-0077 with the service the link names (a gateway, a component, a room's
 * nickname registration per XEP-0045 §7.10). Asking the service what it needs tells it the
 * user's address, so the window first says so and waits for "Continue"; then it shows the
 * service's form (the XEP-0004 form, or the legacy fields with the service's instructions) under
 * a line of our own that the fields are the service's, and sends the answer once, on the user's
 * click. A refusal is explained next to the form, which keeps everything typed so the user can
 * fix one value and try again.
 *
 * The account's own server or JID is refused outright (own-account.ts): registration there
 * would change the account's password.
 */
import { busyButton, field, h, replace, submitForm, type Child } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { type DataForm, type FormField, type FormValues, isTrue } from '../../xmpp/forms.ts';
import {
  type LegacyField,
  type Registration,
  getRegistration,
  submitRegistration,
} from '../../xmpp/register.ts';
import { explain } from '../explain.ts';
import { REGISTER } from '../phrases/register.ts';
import { withJid } from '../jid-label.ts';
import { touchesOwnAccount } from '../own-account.ts';
import { showRefusal } from '../refusal.ts';
import type { View } from './view.ts';

/** Reads one control's current value(s) the way the data form wants them. */
type Reader = () => string[];

/** `retry`: a "Try again" of its own (the form's Register button is the retry once the form is shown). */
function problem(err: unknown, retry?: () => void): HTMLElement[] {
  const { text, detail, canRetry } = explain(err, REGISTER);
  const line = h('p', { className: 'error', attrs: { role: 'alert' } }, text);
  // Sign-in problems are explained (with their own "Try again") in the connection panel above.
  if (!canRetry) return [line];
  const lines = [line, h('p', { className: 'muted' }, t('register_details', detail))];
  if (retry) lines.push(h('div', { className: 'row' }, h('button', { type: 'button', className: 'secondary', on: { click: retry } }, t('action_tryAgain'))));
  return lines;
}

/**
 * Marks a field as required for the eye; the control itself carries `required` for assistive
 * tech. The star sits after the label, not in it, so the label stays exactly the field's name.
 */
function markRequired(wrapper: HTMLElement): void {
  wrapper.querySelector('label')?.after(h('span', { className: 'required', attrs: { 'aria-hidden': 'true' } }, ' *'));
}

function formControl(f: FormField): { node: Child; read?: Reader } {
  const label = f.label || f.var || '';
  const hint = f.desc;
  switch (f.type) {
    case 'hidden':
      return { node: null }; // kept in the model; buildSubmit sends it as given
    case 'fixed':
      return { node: h('p', { className: 'fixed' }, f.values.join('\n')) };
    case 'boolean': {
      const box = h('input', { type: 'checkbox', checked: isTrue(f.values) });
      return { node: field(label, box, hint), read: () => [box.checked ? '1' : '0'] };
    }
    case 'text-multi':
    case 'jid-multi': {
      const area = h('textarea', { rows: 4, value: f.values.join('\n'), required: f.required });
      return { node: field(label, area, hint), read: () => [area.value] };
    }
    case 'list-single':
    case 'list-multi': {
      const multiple = f.type === 'list-multi';
      const select = h('select', { multiple, required: f.required });
      // A single choice that is not required may be left unset.
      if (!multiple && !f.required) select.append(h('option', { value: '' }, ''));
      for (const o of f.options) {
        select.append(h('option', { value: o.value, selected: f.values.includes(o.value) }, o.label || o.value));
      }
      const read = () => [...select.selectedOptions].map((o) => o.value).filter((_v, i) => multiple || i === 0);
      return { node: field(label, select, hint), read };
    }
    default: {
      // text-single, text-private, jid-single
      const input = h('input', {
        type: f.type === 'text-private' ? 'password' : 'text',
        value: f.values[0] ?? '',
        required: f.required,
        autocomplete: 'off',
      });
      return { node: field(label, input, hint), read: () => [input.value] };
    }
  }
}

function legacyControl(f: LegacyField): { node: Child; read?: Reader } {
  if (f.name === 'key') return { node: null }; // an old anti-replay token, sent back as given
  const multi = f.name === 'misc' || f.name === 'text' || f.name === 'address';
  const control = multi
    ? h('textarea', { rows: 3, value: f.value, required: true })
    : h('input', {
        type: f.name === 'password' ? 'password' : f.name === 'email' ? 'email' : 'text',
        value: f.value,
        required: true, // XEP-0077 §3.1: the service lists exactly the fields it needs
        autocomplete: f.name === 'password' ? 'new-password' : 'off',
      });
  return { node: field(t(`register_field_${f.name}`), control), read: () => [control.value] };
}

function formIntro(form: DataForm, reg: Registration): Child[] {
  const lines = form.instructions.length ? form.instructions : reg.instructions ? [reg.instructions] : [];
  return [form.title ? h('h2', {}, form.title) : null, ...lines.map((l) => h('p', { className: 'instructions' }, l))];
}

export const render: View = (root, ctx) => {
  const service = ctx.action.jid;
  const status = h('p', { className: 'muted', attrs: { role: 'status' } }, t('register_loading'));
  if (touchesOwnAccount('register', service, ctx.account)) {
    showRefusal(root, 'own_registerRefused', ctx.account);
    return;
  }

  const load = async () => {
    replace(root, status);
    let reg: Registration;
    try {
      const session = await ctx.session();
      // Checked again against the account actually signed in (the user may have switched).
      if (touchesOwnAccount('register', service, session.jid)) {
        showRefusal(root, 'own_registerRefused', session.jid);
        return;
      }
      reg = await getRegistration(session, service);
    } catch (err) {
      if (!ctx.signal.aborted) replace(root, ...problem(err, () => void load()));
      return;
    }
    if (!ctx.signal.aborted) showForm(reg);
  };

  const showForm = (reg: Registration) => {
    const readers = new Map<string, Reader>();
    const controls: Child[] = [];
    if (reg.kind === 'form') {
      for (const f of reg.form.fields) {
        const { node, read } = formControl(f);
        if (node && f.required && f.type !== 'fixed' && node instanceof HTMLElement) markRequired(node);
        controls.push(node);
        if (read && f.var) readers.set(f.var, read);
      }
    } else {
      for (const f of reg.fields) {
        const { node, read } = legacyControl(f);
        if (node instanceof HTMLElement) markRequired(node);
        controls.push(node);
        if (read) readers.set(f.name, read);
      }
    }
    const intro: Child[] =
      reg.kind === 'form' ? formIntro(reg.form, reg) : [reg.instructions ? h('p', { className: 'instructions' }, reg.instructions) : null];
    const web =
      reg.url && /^https?:\/\//i.test(reg.url)
        ? h('p', {}, t('register_web'), ' ', h('a', { href: reg.url, target: '_blank', rel: 'noopener noreferrer' }, reg.url))
        : null;
    const already = reg.registered ? h('p', { className: 'ok' }, t('register_already')) : null;
    const empty = controls.every((c) => !c) ? h('p', { className: 'muted' }, t('register_noFields')) : null;

    const submit = h('button', { type: 'submit' }, t('register_submit'));
    const fieldset = h('fieldset', { className: 'plain' }, ...controls);
    const result = h('div', { attrs: { role: 'status' } });
    let done = false;

    const values = (): FormValues => {
      const out: FormValues = {};
      for (const [name, read] of readers) out[name] = read();
      return out;
    };

    // Registered once: the button stays off after.
    const attempt = busyButton(submit, async () => {
      if (done) return true;
      fieldset.disabled = true; // nothing changes while the service decides
      replace(result, h('p', { className: 'muted' }, t('register_sending')));
      try {
        const session = await ctx.session();
        await submitRegistration(session, service, reg, values());
        done = true;
        const close = h('button', { type: 'button', className: 'secondary', on: { click: () => window.close() } }, t('close'));
        replace(result, h('p', { className: 'ok' }, t('register_done', service)), h('div', { className: 'row' }, close));
        close.focus();
        return true;
      } catch (err) {
        // Everything typed stays; the user fixes what the service refused and clicks Register again.
        fieldset.disabled = false;
        replace(result, ...problem(err));
      }
    });

    // Our words, not the service's: it may ask for "password" to fish for the account's one.
    const warning = h('p', { className: 'service-warning', attrs: { role: 'note' } }, ...withJid('register_formWarning', service));
    const form = submitForm(() => void attempt(),
      warning,
      ...intro,
      web,
      already,
      empty,
      fieldset,
      h('div', { className: 'row' }, submit),
      result,
    );
    replace(root, form);
    form.querySelector<HTMLElement>('input:not([type=checkbox]),textarea,select')?.focus();
  };

  // Ask first: the service learns the user's address from the very first query.
  const go = h('button', { type: 'submit' }, t('open_continue'));
  replace(
    root,
    submitForm(() => {
      go.disabled = true;
      void load();
    }, h('p', {}, ...withJid('register_askIntro', service)), h('div', { className: 'row' }, go)),
  );
};
