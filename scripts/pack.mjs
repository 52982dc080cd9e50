// Zips dist/chrome and dist/firefox for the stores and prints their sizes (budget: 64 KB each).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';

for (const browser of ['chrome', 'firefox']) {
  // Locale files are written for people (indented); the browser needs no white space.
  for (const locale of readdirSync(`dist/${browser}/_locales`)) {
    const file = `dist/${browser}/_locales/${locale}/messages.json`;
    writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
  }
  const zip = `dist/jabber-link-${browser}.zip`;
  rmSync(zip, { force: true });
  // -X: no extra file attributes (uid/gid, extended times), which the stores don't use.
  execFileSync('zip', ['-q', '-r', '-9', '-X', `../jabber-link-${browser}.zip`, '.'], { cwd: `dist/${browser}` });
  console.log(`${zip}: ${(statSync(zip).size / 1024).toFixed(1)} KiB (${statSync(zip).size} bytes)`);
}
