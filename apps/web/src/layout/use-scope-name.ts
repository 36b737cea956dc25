import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { LEVEL_LABEL } from '../api/labels';
import type { OrgUnit } from '../api/types';

/** 「name（level）」 of the org unit `code` (the code itself if it cannot be read). */
export function useScopeName(code: string): string {
  const [name, setName] = useState('');
  useEffect(() => {
    api
      .get<OrgUnit>(`/org-units/${code}`)
      .then((unit) => setName(`${unit.name}（${LEVEL_LABEL[unit.level as keyof typeof LEVEL_LABEL] ?? unit.level}）`))
      .catch(() => setName(code));
  }, [code]);
  return name;
}
