import { SingleFlight } from './single-flight.js';

/** A run asked for while one is under way is not folded into it: the running one may have looked too early. */
describe('SingleFlight', () => {
  function flight(fail = false) {
    const releases: (() => void)[] = [];
    let runs = 0;
    const f = new SingleFlight(
      'test',
      () =>
        new Promise<void>((resolve, reject) => {
          runs++;
          releases.push(() => (fail ? reject(new Error('boom')) : resolve()));
        }),
    );
    return {
      f,
      runs: () => runs,
      release: async () => {
        releases.shift()?.();
        await new Promise((r) => setImmediate(r));
      },
    };
  }

  it('runs once more after the run under way, once for every caller meanwhile', async () => {
    const s = flight();
    const first = s.f.run();
    const second = s.f.run();
    const third = s.f.run();
    expect(second).toBe(third);
    expect(s.runs()).toBe(1);
    await s.release();
    await first;
    expect(s.runs()).toBe(2);
    await s.release();
    await second;
    expect(s.runs()).toBe(2);
  });

  it('runs at once when none is under way', async () => {
    const s = flight();
    const p = s.f.run();
    await s.release();
    await p;
    const q = s.f.run();
    expect(s.runs()).toBe(2);
    await s.release();
    await q;
  });

  it('logs a failure instead of throwing, and still runs the one asked for meanwhile', async () => {
    const s = flight(true);
    const first = s.f.run();
    const second = s.f.run();
    await s.release();
    await expect(first).resolves.toBeUndefined();
    expect(s.runs()).toBe(2);
    await s.release();
    await expect(second).resolves.toBeUndefined();
  });

  it('is idle only when neither a run nor a run asked for is left', async () => {
    const s = flight();
    void s.f.run();
    void s.f.run();
    let idle = false;
    const waiting = s.f.idle().then(() => (idle = true));
    await s.release();
    expect(idle).toBe(false);
    await s.release();
    await waiting;
    expect(s.runs()).toBe(2);
  });
});
