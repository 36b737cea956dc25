import type { DataSource } from 'typeorm';
import type { DeadlinesService, TicketSealService } from '@gridflow/tickets';
import { DeadlineSweeper } from './deadline-sweeper.service.js';

/** A sweep asked for while one runs must not be folded into it: the running one may have looked too early. */
describe('DeadlineSweeper.sweep', () => {
  function sweeper() {
    const releases: (() => void)[] = [];
    let sweeps = 0;
    const deadlines = {
      sweep: () =>
        new Promise<{ fired: number; rearmed: number }>((resolve) => {
          sweeps++;
          releases.push(() => resolve({ fired: 0, rearmed: 0 }));
        }),
    } as unknown as DeadlinesService;
    const db = { query: async () => [] } as unknown as DataSource;
    const sealer = { sealMissing: async () => 0 } as unknown as TicketSealService;
    return {
      sweeper: new DeadlineSweeper(deadlines, db, sealer),
      sweeps: () => sweeps,
      release: async () => {
        releases.shift()?.();
        await new Promise((r) => setImmediate(r));
      },
    };
  }

  it('runs once more after the sweep under way, once for every caller meanwhile', async () => {
    const s = sweeper();
    const first = s.sweeper.sweep();
    const second = s.sweeper.sweep();
    const third = s.sweeper.sweep();
    expect(second).toBe(third);
    expect(s.sweeps()).toBe(1);
    await s.release();
    await first;
    expect(s.sweeps()).toBe(2);
    await s.release();
    await second;
    expect(s.sweeps()).toBe(2);
  });

  it('sweeps at once when none is under way', async () => {
    const s = sweeper();
    const p = s.sweeper.sweep();
    await s.release();
    await p;
    const q = s.sweeper.sweep();
    expect(s.sweeps()).toBe(2);
    await s.release();
    await q;
  });
});
