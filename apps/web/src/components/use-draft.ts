import { useCallback, useMemo } from 'react';

/**
 * A form's draft in localStorage under `key`: `initial` (read once) for the form's
 * initialValues, `save` on every change, `clear` once the form was sent. Storage that is
 * full, disabled or holds something unreadable just means no draft.
 */
export function useDraft<V extends object>(key: string) {
  const initial = useMemo<Partial<V> | undefined>(() => {
    try {
      const raw = window.localStorage.getItem(key);
      const parsed: unknown = raw ? JSON.parse(raw) : undefined;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Partial<V>) : undefined;
    } catch {
      return undefined;
    }
  }, [key]);
  const save = useCallback(
    (values: Partial<V>) => {
      try {
        window.localStorage.setItem(key, JSON.stringify(values));
      } catch {
        // no room or no storage: the form still works, only without a draft
      }
    },
    [key],
  );
  const clear = useCallback(() => {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // nothing to clear
    }
  }, [key]);
  return { initial, save, clear };
}
