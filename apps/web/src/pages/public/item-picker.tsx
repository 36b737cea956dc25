import { useState } from 'react';
import type { PublicCategory } from './public-api';

/**
 * Picks an admitted matter: first its category, then the item, as big tappable rows.
 * Plain elements (resident.css), no antd: the resident's page must be usable on a cheap phone.
 */
export function ItemPicker({
  id,
  categories,
  value,
  onChange,
  invalid,
}: {
  id?: string;
  categories: PublicCategory[];
  value?: string;
  onChange?: (code: string) => void;
  invalid?: boolean;
}) {
  const chosen = categories.flatMap((c) => c.items).find((i) => i.code === value);
  const [picked, setPicked] = useState<string | undefined>(
    () => categories.find((c) => c.items.some((i) => i.code === value))?.code ?? categories[0]?.code,
  );
  const category = categories.find((c) => c.code === picked) ?? categories[0];

  if (categories.length === 0) return <div className="rp-empty">暂无可受理的事项，请直接联系网格员</div>;
  return (
    <div id={id}>
      <div role="radiogroup" aria-label="事项类别" className="rp-chips">
        {categories.map((c) => (
          <button
            key={c.code}
            type="button"
            role="radio"
            aria-checked={c.code === category?.code}
            className="rp-chip"
            onClick={() => setPicked(c.code)}
          >
            {c.name}
          </button>
        ))}
      </div>
      <div role="radiogroup" aria-label="事项" aria-invalid={invalid || undefined} className="rp-items">
        {category?.items.map((item) => (
          <label key={item.code} className="rp-item" data-checked={value === item.code || undefined}>
            <input
              type="radio"
              name="itemCode"
              value={item.code}
              checked={value === item.code}
              onChange={() => onChange?.(item.code)}
            />
            <span>{item.name}</span>
            {item.urgent && <span className="rp-tag">紧急</span>}
          </label>
        ))}
      </div>
      {chosen && !category?.items.includes(chosen) && <div className="rp-note">已选事项：{chosen.name}</div>}
    </div>
  );
}
