import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * TicketRowCache (libs/tickets/src/ticket-row-cache.ts) decides actions on a cached ticket row
 * and writes only where the ticket's `version` is still the cached one. That is right only
 * while every UPDATE of the ticket table raises `version` — or sets nothing a decision reads
 * (the archive seal). This holds every such statement in libs/ and apps/ to that rule.
 */
const NOT_READ_BY_DECISIONS = new Set(['sealed_hash', 'sealed_at']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'migrations' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Each `UPDATE ticket SET …` up to its WHERE or FROM, with the file it is in. */
function ticketUpdates(): { file: string; set: string }[] {
  return ['libs', 'apps'].flatMap(sourceFiles).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/UPDATE\s+ticket\s+SET\s+([\s\S]*?)\s(?:WHERE|FROM)\b/g)].map((m) => ({
      file,
      set: m[1],
    })),
  );
}

const raisesVersion = (set: string) =>
  /\bversion\s*=\s*ticket\.version\s*\+\s*1\b/.test(set) || /^\$\{assignments\(/.test(set.trim());
const columnsSet = (set: string) => set.split(',').map((a) => a.split('=')[0].trim());

describe('every UPDATE of the ticket table raises its version (the row cache relies on it)', () => {
  it('finds the journal’s statements', () => {
    const files = new Set(ticketUpdates().map((u) => u.file));
    expect([...files]).toEqual([join('libs', 'tickets', 'src', 'ticket-journal.ts')]);
  });

  it('each raises version, or sets only columns no decision reads', () => {
    const offending = ticketUpdates().filter(
      (u) => !raisesVersion(u.set) && !columnsSet(u.set).every((c) => NOT_READ_BY_DECISIONS.has(c)),
    );
    expect(offending).toEqual([]);
  });

  it('the journal’s assignments() always raises it', () => {
    const journal = readFileSync(join('libs', 'tickets', 'src', 'ticket-journal.ts'), 'utf8');
    const body = journal.slice(journal.indexOf('function assignments('));
    expect(body.slice(0, body.indexOf('\n}\n'))).toMatch(
      /s\.push\(`last_seq = ticket\.last_seq \+ 1`, `version = ticket\.version \+ 1`/,
    );
  });

  it('would catch a statement that does not', () => {
    const set = 'org_code = $2';
    expect(raisesVersion(set) || columnsSet(set).every((c) => NOT_READ_BY_DECISIONS.has(c))).toBe(false);
  });
});
