import { ESLint } from 'eslint';

/**
 * Issue 17 item 5: dependencies point down. eslint.config.mjs keeps libs/domain free of Nest,
 * the database, Redis and I/O, and every lib from importing an app; these snippets prove the
 * rule bites where it should and stays quiet where it should not.
 */
describe('dependency boundaries (eslint no-restricted-imports)', () => {
  const eslint = new ESLint({ cwd: process.cwd() });

  async function restrictedImports(code: string, filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  it('refuses Nest in libs/domain', async () => {
    const messages = await restrictedImports(
      "import { Injectable } from '@nestjs/common';\nexport const marker = Injectable;\n",
      'libs/domain/src/boundary-probe.ts',
    );
    expect(messages).toEqual([expect.stringContaining('libs/domain is pure TypeScript')]);
  });

  it.each([
    "import { DataSource } from 'typeorm';",
    "import pg from 'pg';",
    "import { Redis } from 'ioredis';",
    "import { Queue } from 'bullmq';",
    "import { readFileSync } from 'node:fs';",
    "import { readFile } from 'fs/promises';",
    "import { createServer } from 'node:http';",
    "import { connect } from 'node:net';",
    "import { TicketsService } from '@gridflow/tickets';",
  ])('refuses %s in libs/domain', async (line) => {
    const messages = await restrictedImports(`${line}\nexport {};\n`, 'libs/domain/src/boundary-probe.ts');
    expect(messages).toHaveLength(1);
  });

  it('lets libs/domain import pure packages and itself', async () => {
    const code = [
      "import { randomUUID } from 'node:crypto';",
      "import kinks from '@turf/kinks';",
      "import { TICKET_FLOW } from './ticket-flow.js';",
      'export const probe = [randomUUID, kinks, TICKET_FLOW];',
      '',
    ].join('\n');
    expect(await restrictedImports(code, 'libs/domain/src/boundary-probe.ts')).toEqual([]);
  });

  it('refuses an app import in any lib, and Nest stays fine outside libs/domain', async () => {
    const appImport = "import { ApiModule } from '../../../apps/api/src/api.module.js';\nexport const m = ApiModule;\n";
    expect(await restrictedImports(appImport, 'libs/tickets/src/boundary-probe.ts')).toEqual([
      expect.stringContaining('A lib never imports an app'),
    ]);
    const nest = "import { Injectable } from '@nestjs/common';\nexport const marker = Injectable;\n";
    expect(await restrictedImports(nest, 'libs/tickets/src/boundary-probe.ts')).toEqual([]);
  });
});
