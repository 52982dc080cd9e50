// Zips dist/chrome and dist/firefox for the stores and prints their sizes (budget: 64 KB each).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';
import { packLocaleMessages } from './pack-messages.mjs';
import { shortenLocaleKeys } from './short-keys.mjs';

// A second minifier pass: terser (3 passes) over Vite's output (oxc) finds what oxc leaves, e.g.
// code it can fold only after another pass. Measured on the Chrome zip: 61,591 -> 61,183 B; it
// costs ~10-25 s of build time per browser on a 2-core machine. hoist_funs (function declarations
// moved to the top of their scope, which JavaScript does anyway) took 119 B more off. Classic
// scripts keep their top-level names; modules get them mangled.
async function minifyAgain(dir, classic) {
  for (const file of readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js'))) {
    const path = `${dir}/${file}`;
    const out = await minify(readFileSync(path, 'utf8'), { module: !classic.has(file), compress: { passes: 3, hoist_funs: true } });
    writeFileSync(path, out.code);
  }
}

/** The content scripts and the pages' non-module scripts: they run without imports. */
function classicScripts(dir, manifest) {
  const classic = new Set(manifest.content_scripts?.flatMap((c) => c.js ?? []) ?? []);
  for (const page of readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.html'))) {
    for (const [tag, src] of readFileSync(`${dir}/${page}`, 'utf8').matchAll(/<script\b[^>]*\bsrc="\/([^"]+)"[^>]*>/g)) {
      if (!/\btype="module"/.test(tag)) classic.add(src);
    }
  }
  return classic;
}

// Rolldown keeps its runtime helper (it builds the namespace object a view module's dynamic import
// resolves to) in a file of its own when only dynamically loaded files use it. Every one of those
// imports common.js, so the helper moves there: one file fewer (measured on the Chrome zip:
// 61,183 -> 61,047 B). Nothing changes if the file is absent; the build fails if its shape is new.
function foldRuntime(dir) {
  const runtime = `${dir}/rolldown-runtime.js`;
  if (!existsSync(runtime)) return;
  const [, body, list] = /^([\s\S]*)export\s*\{([^}]*)\};?\s*$/.exec(readFileSync(runtime, 'utf8')) ?? [];
  if (body === undefined || /\bimport\b/.test(body)) throw new Error(`${runtime}: not the shape pack.mjs knows`);
  // export{local as name, ...} -> the names common.js exports them by.
  const names = list.split(',').map((e) => e.trim().split(/\s+as\s+/)).map(([local, name = local]) => ({ local, name, host: `__rolldown_${name}` }));
  const importers = readdirSync(dir).filter((f) => f.endsWith('.js') && readFileSync(`${dir}/${f}`, 'utf8').includes('"./rolldown-runtime.js"'));
  for (const f of importers) {
    const code = readFileSync(`${dir}/${f}`, 'utf8');
    if (!code.includes('"./common.js"')) throw new Error(`${dir}/${f} uses rolldown-runtime.js but not common.js`);
    const folded = code.replace(/import\s*\{([^}]*)\}\s*from\s*"\.\/rolldown-runtime\.js";?/, (_, specs) => {
      const renamed = specs.split(',').map((sp) => {
        const [name, as = name] = sp.trim().split(/\s+as\s+/);
        const n = names.find((x) => x.name === name);
        if (!n) throw new Error(`${dir}/${f} imports ${name} from rolldown-runtime.js, which does not export it`);
        return `${n.host} as ${as}`;
      });
      return `import{${renamed.join(',')}}from"./common.js";`;
    });
    if (folded.includes('rolldown-runtime.js')) throw new Error(`${dir}/${f}: an import of rolldown-runtime.js pack.mjs cannot fold`);
    writeFileSync(`${dir}/${f}`, folded);
  }
  // A page that loads such a file statically preloads the helper too: that link goes with the file.
  for (const page of readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(`${dir}/${page}`, 'utf8');
    const without = html.replace(/<link\b[^>]*\bhref="\/rolldown-runtime\.js"[^>]*>/g, '');
    if (without.includes('rolldown-runtime.js')) throw new Error(`${dir}/${page}: a reference to rolldown-runtime.js pack.mjs cannot fold`);
    if (without !== html) writeFileSync(`${dir}/${page}`, without);
  }
  // Its own scope, so its top-level names cannot meet common.js's.
  const ret = names.map((n) => `${n.host}:${n.local}`).join(',');
  const common = readFileSync(`${dir}/common.js`, 'utf8');
  writeFileSync(`${dir}/common.js`, `${common}\nexport const{${names.map((n) => n.host).join(',')}}=(()=>{${body};return{${ret}}})();\n`);
  rmSync(runtime);
}

for (const browser of ['chrome', 'firefox']) {
  foldRuntime(`dist/${browser}`);
  const manifest = `dist/${browser}/manifest.json`;
  const m = JSON.parse(readFileSync(manifest, 'utf8'));
  const classic = classicScripts(`dist/${browser}`, m);
  const shortened = shortenLocaleKeys(`dist/${browser}`, [...classic]);
  // The manifest and the style sheet lose comments and indentation, which are for people. The
  // background starts from its own chunk rather than crxjs' one-line loader that imports it (one
  // file fewer in the zip).
  const loader = `dist/${browser}/service-worker-loader.js`;
  const start = /^import '\.\/([^']+)';\s*$/.exec(readFileSync(loader, 'utf8'))?.[1];
  if (start) {
    if (m.background.service_worker) m.background.service_worker = start;
    else m.background.scripts = [start];
    rmSync(loader);
  }
  writeFileSync(manifest, JSON.stringify(m));
  // Locale files are written for people (one indented entry per string); see pack-messages.mjs.
  const packed = packLocaleMessages(`dist/${browser}`, readdirSync(`dist/${browser}/_locales`), m.default_locale);
  await minifyAgain(`dist/${browser}`, classic);
  const css = `dist/${browser}/theme.css`;
  writeFileSync(
    css,
    readFileSync(css, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/;}/g, '}')
      .replace(/: /g, ':')
      .trim(),
  );
  // Pages: comments and the indentation between tags (their markup is block-level lines only), and
  for (const page of ['src/popup/action.html', 'src/popup/popup.html', 'src/options/options.html', 'src/landing/landing.html']) {
    const file = `dist/${browser}/${page}`;
    // `crossorigin` too: module scripts and modulepreload fetch same-origin files with the
    // same credentials mode either way (HTML "module script credentials mode"), so preloads still match.
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/>\s*\n\s*</g, '><')
        .replace(/ crossorigin(?=[ >])/g, ''),
    );
  }
  const zip = `dist/jabber-link-${browser}.zip`;
  rmSync(zip, { force: true });
  // -X: no extra file attributes (uid/gid, extended times), which the stores don't use; -D: no
  // entries for folders (each costs ~90 bytes; unpackers make folders from the file paths).
  execFileSync('zip', ['-q', '-r', '-9', '-X', '-D', `../jabber-link-${browser}.zip`, '.'], { cwd: `dist/${browser}` });
  // Zopfli recompression (advzip, Debian's advancecomp): same zip format, ~5% smaller; 100
  // iterations rather than the default took 42 B more off for ~3.5 s of build time per zip.
  execFileSync('advzip', ['-q', '-z', '-4', '-i', '100', zip]);
  console.log(`${zip}: ${(statSync(zip).size / 1024).toFixed(1)} KiB (${statSync(zip).size} bytes; ${shortened} message names shortened, ${packed} packed)`);
}

// Budgets (README/issue targets): each zip ≤ 64 KB; the action window's JS+CSS ≤ 80 KB, counted
// as everything its HTML loads statically plus the largest view it may load for a kind.
// Scripts the pages load without type=module (boot.js, landing.js) run as classic scripts: a
// module statement in one is a syntax error there.
for (const browser of ['chrome', 'firefox']) {
  for (const page of ['src/popup/action.html', 'src/landing/landing.html']) {
    const html = readFileSync(`dist/${browser}/${page}`, 'utf8');
    for (const [tag, file] of html.matchAll(/<script\b[^>]*\bsrc="\/([^"]+)"[^>]*>/g)) {
      if (/\btype="module"/.test(tag)) continue;
      if (/(^|[;}])\s*(import|export)\b/.test(readFileSync(`dist/${browser}/${file}`, 'utf8'))) {
        console.error(`dist/${browser}/${file} has an import or export: it must stand alone (see vite.config.ts, CLASSIC_SCRIPTS)`);
        process.exit(1);
      }
    }
  }
}

// JL_ZIP_BUDGET (bytes) lets a work-in-progress branch build while it is over; CI never sets it.
const ZIP_BUDGET = Number(process.env.JL_ZIP_BUDGET) || 64 * 1024;
const WINDOW_BUDGET = 80 * 1024;
let over = false;
for (const browser of ['chrome', 'firefox']) {
  const root = `dist/${browser}`;
  const html = readFileSync(`${root}/src/popup/action.html`, 'utf8');
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    for (const [, dep] of readFileSync(`${root}/${file}`, 'utf8').matchAll(/from"\.\/([^"]+)"/g)) visit(dep);
  };
  for (const [, ref] of html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)) visit(ref);
  const size = (f) => statSync(`${root}/${f}`).size;
  const dynamicOf = (f) => [...readFileSync(`${root}/${f}`, 'utf8').matchAll(/import\([`"]\.\/([^`"]+)[`"]\)/g)].map(([, d]) => d);
  const base = [...seen].reduce((n, f) => n + size(f), 0);
  // Plus one view, loaded by kind.
  const views = [...new Set([...seen].filter((f) => f.endsWith('.js')).flatMap(dynamicOf))].filter((f) => !seen.has(f));
  const viewOnly = (f) => {
    const own = new Set();
    const walk = (g) => {
      if (seen.has(g) || own.has(g)) return;
      own.add(g);
      for (const [, dep] of readFileSync(`${root}/${g}`, 'utf8').matchAll(/from"\.\/([^"]+)"/g)) walk(dep);
    };
    walk(f);
    return [...own].reduce((n, g) => n + size(g), 0);
  };
  const viewSizes = views.map(viewOnly);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const total = base + Math.max(0, ...viewSizes);
  const zipSize = statSync(`dist/jabber-link-${browser}.zip`).size;
  console.log(
    `${browser}: action window JS+CSS ${kib(base + Math.min(...viewSizes))}–${kib(total)} by view (shared ${kib(base)}), zip ${kib(zipSize)}`,
  );
  // The zip budget is enforced; the window budget is reported until the largest views fit.
  if (total > WINDOW_BUDGET) console.warn(`  warning: over the ${kib(WINDOW_BUDGET)} action-window budget`);
  if (zipSize > ZIP_BUDGET) over = true;
}
if (over) {
  console.error(`Over budget: each zip may be at most ${ZIP_BUDGET / 1024} KiB.`);
  process.exit(1);
}
