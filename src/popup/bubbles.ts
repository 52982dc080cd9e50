/**
 * A conversation's lines as bubbles: the clock time, the sender's name and the text (dir=auto, so
 * a right-to-left line reads right to left), with day separators and one name per group
 * (timeline.ts decides both) redrawn over the whole log after lines land anywhere in it.
 *
 * Styles in theme.css: the log fills the window, theirs on the start side and the user's on the
 * end; a grouped line's name, and the user's own ("You"), are hidden from sight but kept inline
 * for screen readers and for copied text (an inline-block, not a clipped absolute box).
 */
import { type Child, h } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import { bodyNodes } from './rich-text.ts';
import { type Said, clock, dayLabel, grouped, newDay } from './timeline.ts';

/**
 * The language the window's strings are in, so times and dates match them: Intl's default, and
 * even i18n.getUILanguage(), can differ (measured: en-US in Chromium run with --lang=zh-CN).
 */
const lang = () => t('action_locale');

/** One line of the log; `from` groups lines (a JID or a nick, or '' for the user); `at` in ms. */
export function bubble(who: Child, from: string, at: number, text: string, cls = ''): HTMLElement {
  const p = h(
    'p',
    { className: `chat-entry ${cls}`.trim() },
    h('time', {}, clock(at, lang())),
    h('strong', {}, who, ': '),
    h('span', { attrs: { dir: 'auto' } }, ...bodyNodes(text)),
  );
  p.dataset.from = from;
  p.dataset.at = String(at);
  return p;
}

/** Day separators and grouping over every bubble in `log`, touching only what changed. */
export function arrange(log: HTMLElement): void {
  const now = Date.now();
  const words = { today: t('action_today'), yesterday: t('action_yesterday') };
  let prev: Said | undefined;
  for (const p of log.querySelectorAll<HTMLElement>('.chat-entry')) {
    const cur = { from: p.dataset.from ?? '', at: Number(p.dataset.at) };
    const before = p.previousElementSibling;
    const sep = before?.className === 'day' ? before : null;
    const label = newDay(prev?.at, cur.at) ? dayLabel(cur.at, now, words, lang()) : '';
    if (!label) sep?.remove();
    else if (!sep) p.before(h('p', { className: 'day' }, label));
    else if (sep.textContent !== label) sep.textContent = label;
    p.classList.toggle('cont', grouped(prev, cur));
    prev = cur;
  }
}

/** A composer that grows with its text: CSS field-sizing where the browser has it, else its height set here. */
export function grow(box: HTMLTextAreaElement): HTMLTextAreaElement {
  if (!CSS.supports('field-sizing', 'content')) {
    box.addEventListener('input', () => {
      box.style.height = '';
      box.style.height = `${box.scrollHeight + 2}px`;
    });
  }
  return box;
}
