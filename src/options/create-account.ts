/**
 * "Create an account" in Options: XEP-0077 before sign-in, on a server with open in-band
 * registration. The user names the server first (nothing is sent yet), then fills the same form
 * an invite shows (popup/views/create-account.ts), which contacts the server on the click only.
 */
import { normalizeJid } from '../core/jid.ts';
import { field, h, replace } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';

export function createAccountSection(onDone: () => void): HTMLElement {
  const section = h('section', { attrs: { 'aria-label': t('options_create') } });
  const start = () => {
    const server = h('input', { type: 'text', spellcheck: false, autocomplete: 'off', placeholder: 'example.org' });
    const problem = h('p', { className: 'error', attrs: { role: 'alert' } });
    const next = () => {
      let domain: string;
      try {
        domain = normalizeJid(server.value.trim());
        if (domain.includes('@') || domain.includes('/')) throw new Error('not a server');
      } catch {
        problem.textContent = t('options_createBadServer');
        server.focus();
        return;
      }
      const body = h('div');
      replace(section, h('h2', {}, t('options_create')), body);
      void import('../popup/views/create-account.ts').then((m) => m.renderCreateAccount(body, { domain, onDone }));
    };
    server.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        next();
      }
    });
    replace(
      section,
      h('h2', {}, t('options_create')),
      h('p', { className: 'muted' }, t('options_createIntro')),
      field(t('options_createServer'), server),
      problem,
      h('div', { className: 'row' }, h('button', { type: 'button', on: { click: next } }, t('options_createNext'))),
    );
    server.focus();
  };
  replace(section, h('div', { className: 'row' }, h('button', { type: 'button', className: 'secondary', on: { click: start } }, t('options_create'))));
  return section;
}
