import { Empty, Radio, Tag } from 'antd';
import { useState } from 'react';
import type { PublicCategory } from './public-api';

/** Picks an admitted matter: first its category, then the item, as big tappable rows. */
export function ItemPicker({
  categories,
  value,
  onChange,
}: {
  categories: PublicCategory[];
  value?: string;
  onChange?: (code: string) => void;
}) {
  const chosen = categories.flatMap((c) => c.items).find((i) => i.code === value);
  const [picked, setPicked] = useState<string | undefined>(
    () => categories.find((c) => c.items.some((i) => i.code === value))?.code ?? categories[0]?.code,
  );
  const category = categories.find((c) => c.code === picked) ?? categories[0];

  if (categories.length === 0) return <Empty description="暂无可受理的事项，请直接联系网格员" />;
  return (
    <div>
      <div
        role="radiogroup"
        aria-label="事项类别"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}
      >
        {categories.map((c) => {
          const active = c.code === category?.code;
          return (
            <button
              key={c.code}
              type="button"
              role="radio"
              aria-checked={active}
              onClick={() => setPicked(c.code)}
              style={{
                minHeight: 40,
                padding: '6px 12px',
                fontSize: 15,
                borderRadius: 20,
                cursor: 'pointer',
                border: `1px solid ${active ? '#c8161d' : '#d9d9d9'}`,
                background: active ? '#fff1f0' : '#fff',
                color: active ? '#c8161d' : 'rgba(0,0,0,0.88)',
              }}
            >
              {c.name}
            </button>
          );
        })}
      </div>
      <Radio.Group
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        aria-label="事项"
        style={{ display: 'flex', flexDirection: 'column', gap: 8, width: '100%' }}
      >
        {category?.items.map((item) => (
          <Radio
            key={item.code}
            value={item.code}
            style={{
              margin: 0,
              padding: '12px 12px',
              fontSize: 16,
              borderRadius: 8,
              border: `1px solid ${value === item.code ? '#c8161d' : '#e8e8e8'}`,
              background: value === item.code ? '#fff1f0' : '#fff',
            }}
          >
            {item.name}
            {item.urgent && (
              <Tag color="red" style={{ marginLeft: 8 }}>
                紧急
              </Tag>
            )}
          </Radio>
        ))}
      </Radio.Group>
      {chosen && !category?.items.includes(chosen) && (
        <div style={{ marginTop: 8, fontSize: 15 }}>已选事项：{chosen.name}</div>
      )}
    </div>
  );
}
