// Zips dist/chrome and dist/firefox for the stores and prints their sizes (budget: 64 KB each).
import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';

for (const browser of ['chrome', 'firefox']) {
  const zip = `dist/jabber-link-${browser}.zip`;
  rmSync(zip, { force: true });
  execFileSync('zip', ['-q', '-r', '-9', `../jabber-link-${browser}.zip`, '.'], { cwd: `dist/${browser}` });
  console.log(`${zip}: ${(statSync(zip).size / 1024).toFixed(1)} KB`);
}
