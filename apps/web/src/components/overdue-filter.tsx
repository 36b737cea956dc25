import { Checkbox } from 'antd';

/** 只看超时: the `overdue=true` filter of a ticket list (over its step's due time now). */
export function OverdueFilter({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <Checkbox checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid="overdue-filter">
      只看超时
    </Checkbox>
  );
}
