/**
 * A second SCRAM start, to learn whether a server keeps its salt: open one more stream to the
 * same endpoint, send <auth> with a client-first-message, read the server-first-message from
 * the <challenge>, and leave (abort, close). No proof is ever sent, so nothing is learned about
 * the password and no login happens. Compared with the sign-in's own server-first
 * (scram.ts saltChanged), it tells apart servers where stored keys can work from those that make
 * up a new salt every time (ejabberd with `auth_password_format: plain`, DESIGN.md).
 *
 * Raw RFC 7395 frames instead of xmpp.js: one frame is one element, and only the base64 text
 * of the challenge is read (then checked by saltOf), so a few patterns do.
 */
import { NS_SASL } from './sasl.ts';
import { ScramClient, type ScramMechanism, fromBase64, toBase64 } from './scram.ts';
import { splitJid } from '../shared/wire-jid.ts';

const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

export function probeServerFirst(
  endpoint: string,
  jid: string,
  mechanism: ScramMechanism,
  timeoutMs = 5000,
): Promise<string> {
  const { local: username, domain } = splitJid(jid);
  const first = new ScramClient(mechanism, username, { password: '' }).first();
  return new Promise<string>((resolve, reject) => {
    const ws = new WebSocket(endpoint, ['xmpp']);
    const send = (s: string) => ws.readyState === 1 && ws.send(s);
    const timer = setTimeout(() => done(new Error('salt probe: no answer in time')), timeoutMs);
    const done = (err: Error | undefined, serverFirst?: string) => {
      clearTimeout(timer);
      ws.onmessage = ws.onerror = ws.onclose = null;
      send(`<abort xmlns='${NS_SASL}'/>`);
      send(`<close xmlns='${NS_FRAMING}'/>`);
      ws.close();
      if (err) reject(err);
      else resolve(serverFirst ?? '');
    };
    ws.onopen = () => send(`<open xmlns='${NS_FRAMING}' to='${domain}' version='1.0'/>`);
    ws.onerror = ws.onclose = () => done(new Error('salt probe: connection closed'));
    ws.onmessage = (ev) => {
      const frame = String(ev.data);
      const challenge = /^<challenge\b[^>]*>([A-Za-z0-9+/=\s]*)<\/challenge>$/.exec(frame.trim());
      if (challenge) {
        const bytes = fromBase64(challenge[1]!.replace(/\s/g, ''));
        return bytes ? done(undefined, new TextDecoder().decode(bytes)) : done(new Error('salt probe: challenge is not base64'));
      }
      if (/<mechanisms\b/.test(frame)) {
        if (!frame.includes(`>${mechanism}<`)) return done(new Error(`salt probe: ${mechanism} not offered`));
        return void send(`<auth xmlns='${NS_SASL}' mechanism='${mechanism}'>${toBase64(new TextEncoder().encode(first))}</auth>`);
      }
      if (/<(failure|stream:error|error)\b/.test(frame)) done(new Error(`salt probe: ${frame.slice(0, 200)}`));
    };
  });
}
