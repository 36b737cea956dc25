import { isAbsolute, resolve } from 'node:path';

export interface ImportCliArgs {
  file: string;
  mapping: string;
  user: string | null;
  grid: string | null;
  report: string | null;
  json: boolean;
}

export const USAGE = `usage: npm run import:hotline -- <file.xlsx|file.csv> --mapping <mapping.json>
         [--user <username>] [--grid <grid code>] [--report <report.xlsx>] [--json]

  --mapping  the column mapping (JSON; see docs/hotline-import.md)
  --user     file as this admin or dispatcher (their scope applies); default: a system
             import with no scope limit and no actor on the timeline
  --grid     the grid of rows without coordinates (overrides the mapping's gridCode)
  --report   where to write the import report (default: next to the file)
  --json     print the summary as one JSON line`;

/**
 * The command line's arguments. Relative paths are resolved against the directory npm was
 * started in (INIT_CWD), not the package root npm runs scripts from.
 */
export function parseImportArgs(argv: readonly string[], cwd: string): ImportCliArgs {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const out: Partial<ImportCliArgs> & { json: boolean } = { json: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--mapping':
        out.mapping = at(value());
        break;
      case '--user':
        out.user = value();
        break;
      case '--grid':
        out.grid = value();
        if (!/^\d{15}$/.test(out.grid)) throw new Error('--grid must be a grid code of 15 digits');
        break;
      case '--report':
        out.report = at(value());
        break;
      case '--json':
        out.json = true;
        break;
      case '--help':
      case '-h':
        throw new Error('help');
      default:
        if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new Error('give exactly one file to import');
  if (!out.mapping) throw new Error('--mapping <mapping.json> is required');
  return {
    file: at(positional[0]),
    mapping: out.mapping,
    user: out.user ?? null,
    grid: out.grid ?? null,
    report: out.report ?? null,
    json: out.json,
  };
}
