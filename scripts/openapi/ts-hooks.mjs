// Module hooks that let Node import the API's TypeScript sources directly (no build, no
// database): `.js` specifiers that name a `.ts` file, the `@gridflow/*` path aliases, and a
// per-file transpile with the repository's decorator settings. Type-checking is `tsc`'s job.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const tsconfigPath = fileURLToPath(new URL('tsconfig.json', root));

/** The compiler with tsconfig.json's options (decorators, their metadata, target), emitting ES modules. */
async function compiler() {
  const { default: ts } = await import('typescript');
  const tsconfig = ts.readConfigFile(tsconfigPath, ts.sys.readFile).config;
  const compilerOptions = {
    ...ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, fileURLToPath(root)).options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    isolatedModules: true,
    sourceMap: false,
    declaration: false,
  };
  return (source, fileName) => ts.transpileModule(source, { compilerOptions, fileName }).outputText;
}
let transpile;

export async function resolve(specifier, context, nextResolve) {
  const alias = /^@gridflow\/([a-z0-9-]+)$/.exec(specifier);
  if (alias) return { url: new URL(`libs/${alias[1]}/src/index.ts`, root).href, shortCircuit: true };
  if (context.parentURL?.endsWith('.ts') && /^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')) {
    const file = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(file))) return { url: file.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

// Transpiling some 250 files costs seconds; `npm run lint` runs this every time, so each output
// is kept under node_modules/.cache, keyed by the source, the compiler's version, tsconfig.json
// and these hooks (the compiler itself is loaded only on a miss).
const cacheDir = new URL('node_modules/.cache/gridflow-ts-hooks/', root);
const cacheSalt = [
  JSON.parse(await readFile(new URL('node_modules/typescript/package.json', root), 'utf8')).version,
  await readFile(tsconfigPath, 'utf8'),
  await readFile(new URL(import.meta.url), 'utf8'),
].join('\0');

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const key = createHash('sha256').update(`${cacheSalt}\0${fileName}\0${source}`).digest('hex');
  const cached = new URL(`${key}.js`, cacheDir);
  let output = await readFile(cached, 'utf8').catch(() => null);
  if (output === null) {
    transpile ??= await compiler();
    output = transpile(source, fileName);
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cached, output);
  }
  return { format: 'module', source: output, shortCircuit: true };
}
