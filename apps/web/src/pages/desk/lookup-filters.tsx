import { Select, type SelectProps } from 'antd';
import type { CatalogCategory } from '../../api/types';
import type { GridSummary, Lookups } from './lookups';

const gridOptions = (grids: GridSummary[]) => grids.map((g) => ({ value: g.code, label: `${g.name}（${g.code}）` }));

const itemOptions = (catalog: CatalogCategory[]) =>
  catalog.map((c) => ({
    label: c.name,
    title: c.name,
    options: c.items.map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` })),
  }));

interface FilterProps {
  lookups: Lookups;
  value: string | undefined;
  onChange: (code: string | undefined) => void;
}

function CodeFilter({
  label,
  options,
  value,
  onChange,
}: Omit<FilterProps, 'lookups'> & { label: string; options: SelectProps['options'] }) {
  return (
    <Select
      aria-label={label}
      placeholder={`全部${label}`}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: 240 }}
      value={value}
      options={options}
      onChange={onChange}
    />
  );
}

/** 网格 filter of a ticket list: the grids of the user's scope, searchable. */
export const GridFilter = ({ lookups, ...props }: FilterProps) => (
  <CodeFilter label="网格" options={gridOptions(lookups.grids)} {...props} />
);

/** 事项 filter of a ticket list: the catalog's items by category, searchable. */
export const ItemFilter = ({ lookups, ...props }: FilterProps) => (
  <CodeFilter label="事项" options={itemOptions(lookups.catalog)} {...props} />
);
