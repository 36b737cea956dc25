import { useCallback, useRef, useState } from 'react';

/**
 * One guard for every submit: `guard(fn)` runs `fn` at most once at a time. The first tap
 * marks the form busy synchronously (a ref, seen by a second tap in the same tick, before
 * React re-renders); `busy` (state) drives the button's spinner. Taps while busy do nothing.
 */
export function useSubmitGuard() {
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const guard = useCallback(
    <A extends unknown[], R>(fn: (...args: A) => Promise<R> | R) =>
      async (...args: A): Promise<R | undefined> => {
        if (inFlight.current) return undefined;
        inFlight.current = true;
        setBusy(true);
        try {
          return await fn(...args);
        } finally {
          inFlight.current = false;
          setBusy(false);
        }
      },
    [],
  );
  return { busy, guard };
}
