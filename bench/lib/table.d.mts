// Types of table.mjs for the TypeScript test that runs it (test/lint/bench-table.spec.ts).
export interface BenchResult {
  bench: string;
  at?: string;
  figures: Record<string, unknown>;
}
export interface TableRow {
  figure: string;
  goal: string;
  measured: string;
  reference: string;
  ratio: string;
  verdict: 'met' | 'NOT met' | '—';
}
export function latestByBench(results: BenchResult[]): Record<string, Record<string, unknown>>;
export function parseResultLines(text: string): BenchResult[];
export function buildTable(results: BenchResult[]): TableRow[];
export function driverLines(results: BenchResult[]): string[];
export function markdownTable(rows: TableRow[]): string;
