import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { LEVEL_LABEL } from '../../api/labels';
import type { OrgUnit } from '../../api/types';
import { useNotify } from '../../components/feedback';

export interface Scope {
  code: string;
  name: string;
  level: string;
}

interface Option {
  value: string;
  label: string;
  level: string;
  isLeaf: boolean;
  children?: Option[];
}

const toOption = (u: { code: string; name: string; level: string }): Option => ({
  value: u.code,
  label: u.name,
  level: u.level,
  isLeaf: u.level === 'grid',
});

function findPath(options: Option[], path: string[]): Option[] {
  const out: Option[] = [];
  let level = options;
  for (const code of path) {
    const o = level.find((x) => x.value === code);
    if (!o) break;
    out.push(o);
    level = o.children ?? [];
  }
  return out;
}

/** The user's scope and the units below it, loaded a level at a time (GET /org-units/:code). */
export function ScopePicker({ root, onChange }: { root: string; onChange: (scope: Scope) => void }) {
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([root]);
  const notify = useNotify();

  useEffect(() => {
    api.get<OrgUnit>(`/org-units/${root}`).then(
      (unit) => {
        const top = toOption(unit);
        if (unit.children.length) top.children = unit.children.map(toOption);
        else top.isLeaf = true;
        setOptions([top]);
        onChange({ code: unit.code, name: unit.name, level: unit.level });
      },
      (err) => notify.error(err),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per root; the parent's callback may change identity
  }, [root]);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1];
    try {
      const unit = await api.get<OrgUnit>(`/org-units/${target.value}`);
      target.children = unit.children.map(toOption);
      if (!unit.children.length) target.isLeaf = true;
      setOptions((o) => [...o]);
    } catch (err) {
      notify.error(err);
    }
  };

  return (
    <Cascader<Option>
      aria-label="统计范围"
      style={{ minWidth: 280, maxWidth: '100%' }}
      options={options}
      value={path}
      changeOnSelect
      allowClear={false}
      loadData={loadData}
      displayRender={(labels) => labels.join(' / ')}
      optionRender={(o) => `${o.label}（${LEVEL_LABEL[o.level as keyof typeof LEVEL_LABEL] ?? o.level}）`}
      onChange={(value) => {
        const codes = (value ?? []) as string[];
        if (!codes.length) return;
        setPath(codes);
        const picked = findPath(options, codes).at(-1);
        if (picked) onChange({ code: picked.value, name: picked.label, level: picked.level });
      }}
    />
  );
}
