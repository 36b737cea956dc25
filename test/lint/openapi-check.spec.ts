import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DOCUMENT = 'docs/openapi.json';
const TYPES = 'apps/web/src/api/schema.d.ts';

/** `npm run openapi:check` against copies of the committed files laid out in `dir`. */
async function check(dir: string): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, ['scripts/openapi.mjs', 'check', '--against', dir]);
    return { code: 0, stderr: '' };
  } catch (err) {
    const { code, stderr } = err as { code: number; stderr: string };
    return { code, stderr };
  }
}

function copyCommitted(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gridflow-openapi-'));
  for (const path of [DOCUMENT, TYPES]) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    cpSync(path, join(dir, path));
  }
  return dir;
}

describe('openapi:check (part of npm run lint)', () => {
  let dir: string;
  beforeEach(() => (dir = copyCommitted()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on the committed document and types', async () => {
    expect(await check(dir)).toEqual({ code: 0, stderr: '' });
  });

  it('fails, naming the file and the command, when the committed document is stale', async () => {
    const doc = JSON.parse(readFileSync(join(dir, DOCUMENT), 'utf8'));
    delete doc.paths['/api/v1/tickets/{id}/claim'];
    writeFileSync(join(dir, DOCUMENT), `${JSON.stringify(doc, null, 2)}\n`);
    const { code, stderr } = await check(dir);
    expect(code).toBe(1);
    expect(stderr).toContain('openapi.json');
    expect(stderr).not.toContain('schema.d.ts');
    expect(stderr).toContain('npm run openapi:write');
  });

  it('fails when the generated types were edited by hand', async () => {
    const types = readFileSync(join(dir, TYPES), 'utf8');
    writeFileSync(join(dir, TYPES), types.replace('statusCode: number;', 'statusCode: string;'));
    expect(readFileSync(join(dir, TYPES), 'utf8')).not.toBe(types);
    const { code, stderr } = await check(dir);
    expect(code).toBe(1);
    expect(stderr).toContain('schema.d.ts');
  });
});
