import { fileURLToPath } from 'node:url';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };
import { GECKO_ID } from './src/shared/gecko-id.ts';

type Browser = 'chrome' | 'firefox';

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
      alias: {
        // @xmpp/resolve imports node:dns; the browser never resolves SRV records.
        'node:dns': src('./src/shared/empty.ts'),
        // xmpp.js and ltx need only on/once/off/emit: a small stand-in (see the file) keeps the zip under budget.
        events: src('./src/shared/events.ts'),
        '#platform/intercept': src(`./src/background/intercept.${browser}.ts`),
      },
    },
    plugins: [crx({ manifest: manifestFor(browser), browser, contentScripts: { standaloneFiles: ['src/content/xmpp-links.ts'] } })],
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      minify: true,
      sourcemap: false,
      modulePreload: { polyfill: false },
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
              // What the background, the options page and the action window all use: one file.
              {
                name: 'common',
                test: /node_modules[\\/](ltx|events|@xmpp[\\/](xml|events))[\\/]|src[\\/]shared[\\/].*\.ts$|rolldown[\\/]runtime/,
                priority: 3,
              },
              // URI parsing and JIDs: the background and the options page (the window needs neither).
              { name: 'core', test: /src[\\/]core[\\/](errors|jid|uri)\.ts|node_modules[\\/]punycode[\\/]/, priority: 3 },
              // Signing in (options page and action window).
              {
                name: 'session',
                test: /src[\\/]xmpp[\\/](session|live-session|stream-management|presence|early-socket|sasl|scram|discovery|errors|message)\.ts|src[\\/]popup[\\/](connect|jid-label|explain|sign-in|status-line)\.ts|node_modules[\\/](@xmpp|koa-compose)[\\/]/,
                priority: 2,
              },
              // Only the background reads jabber files.
              { name: 'jabber-file', test: /src[\\/]core[\\/](jabber-file|xml-guard)\.ts/, priority: 1 },
              // The action window's views in four families, each with the protocol code only it
              // needs: a window loads one (its JS+CSS budget is 80 KB), and four files zip smaller
              // than twelve (each file costs ~110 bytes of zip headers, and a file compresses alone).
              { name: 'room', test: /src[\\/]popup[\\/](views|phrases)[\\/](join|invite|open)\.ts|src[\\/]xmpp[\\/]muc\.ts/, priority: 1 },
              {
                name: 'registration',
                test: /src[\\/]popup[\\/]((views|phrases)[\\/](register|confirm)|refusal|own-account)\.ts|src[\\/]xmpp[\\/](register|forms)\.ts/,
                priority: 1,
              },
              { name: 'contacts', test: /src[\\/]popup[\\/](views[\\/]subscribe|phrases[\\/]roster)\.ts|src[\\/]xmpp[\\/]roster\.ts/, priority: 1 },
              { name: 'talk', test: /src[\\/]popup[\\/]views[\\/](message|chat)\.ts/, priority: 1 },
            ],
          },
        },
      },
    },
    server: { port: 5173, strictPort: true },
  };
});
