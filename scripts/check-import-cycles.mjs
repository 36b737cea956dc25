// Fails when the relative imports under the given folders (default: the console) go round in a
// circle, type-only imports included: `node scripts/check-import-cycles.mjs [dir…]`. Uses the
// TypeScript compiler's import scanner, so it needs nothing beyond typescript itself.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['apps/web/src'];
const SOURCE = /\.tsx?$/;

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) yield resolve(path);
  }
}

function resolveImport(from, specifier) {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (SOURCE.test(candidate) && existsSync(candidate)) return candidate;
  }
  return undefined;
}

const graph = new Map();
for (const root of roots) {
  for (const file of sources(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveImport(file, s))
      .filter(Boolean);
    graph.set(file, targets);
  }
}

// Tarjan's strongly connected components: every component of more than one file (or a file
// importing itself) is a circle.
let index = 0;
const stack = [];
const info = new Map();
const circles = [];
function visit(file) {
  info.set(file, { index, low: index, onStack: true });
  index++;
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (!graph.has(next)) continue;
    if (!info.has(next)) {
      visit(next);
      info.get(file).low = Math.min(info.get(file).low, info.get(next).low);
    } else if (info.get(next).onStack) {
      info.get(file).low = Math.min(info.get(file).low, info.get(next).index);
    }
  }
  if (info.get(file).low === info.get(file).index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      info.get(member).onStack = false;
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file).includes(file)) circles.push(component);
  }
}
for (const file of graph.keys()) if (!info.has(file)) visit(file);

if (circles.length) {
  console.error(`Import circles in ${roots.join(', ')}:`);
  for (const c of circles) console.error(`  ${c.map((f) => relative(process.cwd(), f)).join(' ↔ ')}`);
  process.exit(1);
}
