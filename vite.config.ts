import { fileURLToPath } from 'node:url';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { defineConfig, type Plugin } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };
import { GECKO_ID } from './src/shared/gecko-id.ts';

type Browser = 'chrome' | 'firefox';

/**
 * Every import of ltx's Element (@xmpp/xml's, ltx's own createElement's) gets the trimmed copy in
 * src/shared/ltx-element.ts, so one class serves (instanceof) and the unused methods stay out.
 * The unit tests use it too (vitest.config.ts).
 */
/**
 * Vite wraps each dynamic import in its preload helper, which fetches the imported chunk's
 * dependencies alongside it and reports failures as a `vite:preloadError` event. Nothing here
 * listens for that event, and every chunk a view imports is one action.js has loaded already,
 * so the helper only costs bytes:
 * measured, 1.7 KB raw of action.js, 0.7 KB of each zip. The stand-in just runs the import.
 */
function noPreloadHelper(): Plugin {
  return {
    name: 'jabber-link:no-preload-helper',
    enforce: 'pre',
    load(id) {
      if (id === '\0vite/preload-helper.js') return 'export const __vitePreload = (load) => load();';
      return null;
    },
  };
}

/**
 * Methods of xmpp.js classes that nothing in the bundles calls (checked with grep over src/ and
 * the @xmpp packages bundled): dropped from the source as it is read, since class methods never
 * tree-shake. A method that is not found fails the build, so an xmpp.js update gets looked at.
 */
const UNUSED_XMPP_METHODS: [RegExp, string[]][] = [
  // start() is Client.start's connect+open+online (session.ts runs those steps itself), hooks have
  // no users, sendReceive and isNonza no callers; _onSeeOtherHost is replaced on every client
  // (session.ts composeClient: a redirect is an error, never followed).
  [/@xmpp[\\/]connection[\\/]index\.js$/, ['start', 'sendReceive', 'isNonza', 'hook', 'unhook', '_onSeeOtherHost']],
  [/@xmpp[\\/]client-core[\\/]lib[\\/]Client\.js$/, ['sendMany']],
  [/@xmpp[\\/]websocket[\\/]lib[\\/]Connection\.js$/, ['sendMany']],
];

export function withoutMethods(code: string, names: string[], id: string): string {
  for (const name of names) {
    const m = new RegExp(`\\n  (?:async )?${name}\\([^\\n]*\\{\\n`).exec(code);
    if (!m) throw new Error(`${id}: no method ${name}() to drop (see UNUSED_XMPP_METHODS in vite.config.ts)`);
    let depth = 1;
    let i = m.index + m[0].length;
    for (; depth > 0 && i < code.length; i++) depth += code[i] === '{' ? 1 : code[i] === '}' ? -1 : 0;
    code = code.slice(0, m.index + 1) + code.slice(i);
  }
  return code;
}

export function unusedXmppMethods(): Plugin {
  return {
    name: 'jabber-link:unused-xmpp-methods',
    transform(code, id) {
      const hit = UNUSED_XMPP_METHODS.find(([re]) => re.test(id));
      return hit ? withoutMethods(code, hit[1], id) : null;
    },
  };
}

export function ltxElement(): Plugin {
  const file = fileURLToPath(new URL('./src/shared/ltx-element.ts', import.meta.url));
  return {
    name: 'jabber-link:ltx-element',
    enforce: 'pre',
    resolveId(source, importer) {
      const path = source.replace(/\\/g, '/');
      if (/(^|\/)ltx\/(lib|src)\/Element\.js$/.test(path)) return file;
      if (path === './Element.js' && importer && /[\\/]ltx[\\/](lib|src)[\\/]/.test(importer)) return file;
      return null;
    },
  };
}

/** One manifest source; each browser gets only the keys it understands (web-ext lint 0/0). */
function manifestFor(browser: Browser): ManifestV3Export {
  const m: Record<string, unknown> = structuredClone(baseManifest);
  if (browser === 'firefox') {
    const bg = m.background as { service_worker: string };
    m.background = { scripts: [bg.service_worker] };
    // Firefox catches the MIME type with blocking webRequest, not declarativeNetRequest.
    m.permissions = (m.permissions as string[])
      .filter((p) => p !== 'declarativeNetRequestWithHostAccess')
      .concat(['webRequest', 'webRequestBlocking']);
    // Firefox's default extension-page CSP carries upgrade-insecure-requests, which turns
    // ws://127.0.0.1 (local and test servers) into wss:// and the connection fails. Measured.
    m.content_security_policy = { extension_pages: "script-src 'self'; object-src 'self'" };
    m.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '142.0',
        data_collection_permissions: { required: ['none'] },
      },
    };
  } else {
    // Chrome has no protocol_handlers key; its content script catches xmpp: clicks instead.
    delete m.protocol_handlers;
  }
  return m as unknown as ManifestV3Export;
}

export default defineConfig(({ mode }) => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));
  return {
    resolve: {
      alias: [
        // @xmpp/resolve imports node:dns; the browser never resolves SRV records.
        { find: 'node:dns', replacement: src('./src/shared/empty.ts') },
        // xmpp.js and ltx need only on/once/off/emit: a small stand-in (see the file) keeps the zip under budget.
        { find: 'events', replacement: src('./src/shared/events.ts') },
        { find: '#platform/intercept', replacement: src(`./src/background/intercept.${browser}.ts`) },
        // @xmpp/xml imports ltx's CommonJS build (lib/); its ES module sources (src/, same code)
        // bundle without CommonJS wrappers and tree-shake.
        // koa-compose (CommonJS) for @xmpp/middleware: see the file.
        { find: /^koa-compose$/, replacement: src('./src/xmpp/compose.ts') },
        // @xmpp/jid for @xmpp/connection and @xmpp/middleware: see the file.
        { find: /^@xmpp\/jid$/, replacement: src('./src/xmpp/xmpp-jid.ts') },
        { find: /^ltx\/lib\/(.*)$/, replacement: `${src('./node_modules/ltx/src/')}$1` },
      ],
    },
    plugins: [ltxElement(), noPreloadHelper(), unusedXmppMethods(), crx({ manifest: manifestFor(browser), browser, contentScripts: { standaloneFiles: ['src/content/xmpp-links.ts'] } })],
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      minify: true,
      sourcemap: false,
      // Pages keep their <link rel=modulepreload> tags; dynamic imports get no dependency list
      // (a view's chunks import what action.js has loaded already; see noPreloadHelper).
      modulePreload: { polyfill: false, resolveDependencies: (_f, deps, { hostType }) => (hostType === 'html' ? deps : []) },
      rolldownOptions: {
        // Pages not named in the manifest must be inputs, or crxjs copies their HTML unbuilt.
        input: {
          action: src('./src/popup/action.html'),
          'landing-page': src('./src/landing/landing.html'),
          // Classic scripts (no imports, fixed names) that those pages load: they run as soon as
          // they are read, not after the module graph (see boot.ts, landing.ts).
          boot: src('./src/popup/boot.ts'),
          landing: src('./src/landing/landing.ts'),
        },
        // Entries export nothing anyone imports; rolldown needs this to keep groups to their tests.
        preserveEntrySignatures: 'allow-extension',
        output: {
          entryFileNames: '[name].js',
          // No content hashes and no assets/ folder: an extension's files are never cached across
          // versions, and each name is written three times in the zip (two headers, the importing
          // chunk). Classic scripts (boot, landing) keep the fixed names their pages load.
          chunkFileNames: '[name].js',
          // Few files, because each is one more fetch before an extension page runs (measured: a
          // one-file action window signed in ~14 ms sooner than the same code in nine), and the
          // jabber-file parser kept out of the window (its JS+CSS budget is 80 KB).
          codeSplitting: {
            // A group holds what its test names, not everything that imports (e.g. dom.ts stays shared).
            includeDependenciesRecursively: false,
            groups: [
              // What the background, the options page and the action window all use: one file
              // (paths and content types are the background's alone: they stay in its file).
              {
                name: 'common',
                test: /node_modules[\\/](ltx|events|@xmpp[\\/](xml|events))[\\/]|src[\\/]shared[\\/](?!paths|content-type).*\.ts$|rolldown[\\/]runtime|vite[\\/]preload-helper/,
                priority: 3,
              },
              // URI parsing and JIDs: the background and the options page (the window needs neither).
              { name: 'core', test: /src[\\/]core[\\/](errors|jid|uri)\.ts|node_modules[\\/]punycode[\\/]/, priority: 3 },
              // Signing in (options page and action window).
              {
                name: 'session',
                test: /src[\\/]xmpp[\\/](session|live-session|stream-management|presence|early-socket|sasl|scram|discovery|errors|message|compose|xmpp-jid)\.ts|src[\\/]popup[\\/](connect|jid-label|explain|sign-in|status-line)\.ts|node_modules[\\/]@xmpp[\\/]/,
                priority: 2,
              },
              // The jabber-file parser has no group: only the background imports it, so it stays in
              // the background's own file (measured: one file fewer, 350 B off the zip).
              // The action window's views in two families, each with the protocol code only it
              // needs: a window loads one (its JS+CSS budget is 80 KB), and few files zip smaller
              // than many (each file costs ~110 bytes of zip headers, and a file compresses alone).
              // Conversations: rooms (join, invite, open, room), chats and messages, and what they
              // share: history (MAM, XEP-0359 ids), chat states, receipts and corrections, message
              // text with links, notifications. One file rather than six: a window loads the other
              // views with its own (a chat window ~10 KB raw of room code, a room window 5.3 KB of
              // chat code; the largest window stays ~74 KiB), because in files of their own they cost
              // 1,227 B more of each zip (measured: 381 B for the message and chat views' file, 846 B
              // for the rooms' file).
              {
                name: 'conversation',
                test: /src[\\/]xmpp[\\/](mam|stanza-ids|chat-states|corrections|receipts|muc)\.ts|src[\\/]popup[\\/](rich-text|notify|bubbles|timeline|(views|phrases)[\\/](message|chat|join|invite|open|room))\.ts|src[\\/]core[\\/]links\.ts/,
                priority: 1,
              },
              // Registration and contacts (the register, subscribe/roster and confirm views with
              // their protocol code; the confirm view cancels registrations): one file. A window
              // loads the other family's views with its own (~5 KB raw), because in files of their
              // own they cost 1,119 B more of each zip (measured: 481 B for the register view's
              // file, 638 B for the contacts file).
              {
                name: 'account',
                test: /src[\\/]popup[\\/](refusal|own-account|created-account|invite-route|phrases[\\/](register|roster)|views[\\/](register|subscribe|confirm|create-account))\.ts|src[\\/]xmpp[\\/](register|forms|roster|account-creation)\.ts/,
                priority: 1,
              },
            ],
          },
        },
      },
    },
    server: { port: 5173, strictPort: true },
  };
});
