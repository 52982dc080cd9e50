// Lists import cycles in src/ (tests excluded; with --types, `import type` edges count too).
// Usage: node scripts/import-cycles.mjs [--types]; exits 1 when there is a cycle.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
const withTypes = process.argv.includes('--types');
const files = [];
const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (/\.ts$/.test(f) && !/\.test\.ts$/.test(f) && !f.endsWith('.d.ts')) files.push(resolve(p)); } };
walk('src');
const graph = new Map();
for (const f of files) {
  const src = readFileSync(f, 'utf8');
  const deps = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?([^'"]*?from\s+)?['"](\.[^'"]+)['"]/gm)) {
    if (m[2] && !withTypes) continue;
    if (!withTypes && m[3] && /^\{[^}]*\}\s*from\s+$/.test(m[3]) && [...m[3].matchAll(/[{,]\s*(?!type\s)\w/g)].length === 0) continue; // all specifiers `type X`
    let p = resolve(dirname(f), m[4]);
    if (!p.endsWith('.ts')) p += '.ts';
    if (files.includes(p)) deps.push(p);
  }
  for (const m of src.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    let p = resolve(dirname(f), m[1]); if (!p.endsWith('.ts')) p += '.ts';
    if (files.includes(p)) deps.push(p);
  }
  graph.set(f, deps);
}
const cycles = []; const state = new Map(); const stack = [];
const visit = (n) => { state.set(n, 1); stack.push(n);
  for (const d of graph.get(n) ?? []) { if (state.get(d) === 1) cycles.push(stack.slice(stack.indexOf(d)).concat(d)); else if (!state.get(d)) visit(d); }
  stack.pop(); state.set(n, 2); };
for (const f of files) if (!state.get(f)) visit(f);
const rel = (p) => p.slice(process.cwd().length + 1);
for (const c of cycles) console.log(c.map(rel).join(' -> '));
console.log(`${files.length} files, ${cycles.length} cycles${withTypes ? ' (type imports included)' : ''}`);
process.exit(cycles.length ? 1 : 0);
