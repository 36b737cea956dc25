import 'reflect-metadata';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { type AppConfig, AppConfigModule, ConfigError, loadConfig } from '@gridflow/config';
import { DatabaseModule } from '@gridflow/database';
import { type AuthUser, DomainException } from '@gridflow/domain';
import { QueueModule } from '@gridflow/queue';
import {
  HotlineImporter,
  HotlineImportsService,
  IMPORT_ROLES,
  ImportInterrupted,
  ImportsModule,
  parseMappingJson,
  writeXlsxFile,
} from '@gridflow/imports';
import { type ImportCliArgs, parseImportArgs, USAGE } from './cli-args.js';

// `npm run import:hotline -- file.xlsx --mapping mapping.json [--user u] [--grid code]`:
// the same checks and import code as POST /imports/hotline, run here without a worker,
// with a progress bar; prints the summary and where the report was written.

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(args: ImportCliArgs, config: AppConfig): Promise<number> {
  @Module({ imports: [AppConfigModule.forRoot(config), DatabaseModule, QueueModule, ImportsModule] })
  class ImportCliModule {}
  const app: INestApplicationContext = await NestFactory.createApplicationContext(ImportCliModule, {
    logger: ['error', 'warn'],
  });
  const stop = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nstopping after the current batch…\n');
    stop.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const imports = app.get(HotlineImportsService);
    const importer = app.get(HotlineImporter);
    const actor = args.user ? await userByName(app.get(DataSource), args.user) : null;
    const mapping = parseMappingJson(await readFile(args.mapping, 'utf8'));
    if (args.grid && typeof mapping === 'object' && mapping !== null) {
      (mapping as Record<string, unknown>).gridCode = args.grid;
    }
    const { size } = await stat(args.file);
    const record = await imports.create(
      actor,
      { path: args.file, originalName: basename(args.file), size, keepSource: true },
      mapping,
      'cli',
    );
    if (!args.json) out(`Import ${record.id}: ${basename(args.file)} (${record.format}, ${mb(size)})`);

    const bar = new SingleBar({
      format:
        '  {bar} {percentage}% | {value}/{total} rows | {created} created, {duplicates} duplicates, {failed} failed | {rate} rows/s',
      hideCursor: true,
      stream: process.stderr,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 5_000,
    });
    const started = Date.now();
    if (!args.json) process.stderr.write('  counting rows…\n');
    let barStarted = false;
    let result;
    try {
      result = await importer.run(record.id, {
        signal: stop.signal,
        onProgress: (p) => {
          const rate = Math.round(p.processedRows / Math.max(0.001, (Date.now() - started) / 1000));
          const payload = { created: p.created, duplicates: p.duplicates, failed: p.failed, rate };
          if (!barStarted) {
            bar.start(p.totalRows ?? 0, p.processedRows, payload);
            barStarted = true;
          }
          bar.update(p.processedRows, payload);
        },
      });
    } catch (err) {
      if (!(err instanceof ImportInterrupted)) throw err;
      result = await importer.markFailed(
        record.id,
        'interrupted on the command line (re-run it: rows already imported count as duplicates)',
      );
    } finally {
      if (barStarted) bar.stop();
    }
    const seconds = (Date.now() - started) / 1000;

    const reportPath =
      args.report ??
      join(dirname(args.file), `${basename(args.file, extname(args.file))}.report-${record.id.slice(0, 8)}.xlsx`);
    const report = await imports.reportOf(result);
    await writeXlsxFile(reportPath, report.sheets);

    const summary = {
      id: result.id,
      status: result.status,
      totalRows: result.totalRows,
      created: result.createdCount,
      duplicates: result.duplicateCount,
      failed: result.failedCount,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round((result.processedRows || 0) / Math.max(seconds, 0.001)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      report: reportPath,
      error: result.error,
    };
    if (args.json) out(JSON.stringify(summary));
    else {
      out(
        `${result.status === 'done' ? 'Done' : 'FAILED'} in ${summary.seconds} s (${summary.rowsPerSecond} rows/s, peak RSS ${summary.peakRssMb} MB)`,
      );
      out(
        `  rows ${summary.totalRows ?? 0}: ${summary.created} created, ${summary.duplicates} duplicates, ${summary.failed} failed`,
      );
      if (result.error) out(`  error: ${result.error}`);
      out(`  report: ${reportPath}`);
    }
    return result.status === 'done' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    await app.close();
  }
}

async function userByName(db: DataSource, username: string): Promise<AuthUser> {
  const [user] = await db.query(
    `SELECT id, username, display_name AS "displayName", role, scope_code AS "scopeCode", disabled_at
     FROM app_user WHERE username = $1`,
    [username],
  );
  if (!user || user.disabled_at) throw new Error(`no active user "${username}"`);
  if (!IMPORT_ROLES.includes(user.role))
    throw new Error(`${username} is a ${user.role}: only admins and dispatchers import`);
  const { disabled_at: _disabled, ...actor } = user;
  return actor as AuthUser;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

function describe(err: unknown): string {
  if (err instanceof DomainException) {
    const details = err.details.map((d) => `\n  - ${d.field ? `${d.field}: ` : ''}${d.problem}`).join('');
    return `${err.message}${details}`;
  }
  return err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
}

let args: ImportCliArgs;
try {
  args = parseImportArgs(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
} catch (err) {
  process.stderr.write(
    `${(err as Error).message === 'help' ? '' : `import:hotline: ${(err as Error).message}\n`}${USAGE}\n`,
  );
  process.exit(2);
}
try {
  process.exitCode = await main(args, loadConfig());
} catch (err) {
  process.stderr.write(`import:hotline failed: ${describe(err)}\n`);
  process.exitCode = 1;
}
