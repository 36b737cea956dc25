// Machine-readable results: with BENCH_RESULT_FILE set, each bench appends one JSON line
// { bench, at, figures } to that file (bench/all.mjs collects them); the human-readable
// output is printed as before either way.
import { appendFileSync } from 'node:fs';

export function emit(bench, figures) {
  const file = process.env.BENCH_RESULT_FILE;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ bench, at: new Date().toISOString(), figures })}\n`);
}
