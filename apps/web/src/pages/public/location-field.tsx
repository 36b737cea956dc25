import { useState } from 'react';

/** The phone's position (when GPS gave one) and/or an address the resident typed. */
export interface PickedLocation {
  lng?: number;
  lat?: number;
  accuracy?: number;
  address?: string;
}

const GEO_ERROR: Record<number, string> = {
  1: '未获得定位权限。您可以不使用位置，诉求将提交到本网格。',
  2: '暂时无法获取位置，请稍后重试，或不使用位置直接提交。',
  3: '定位超时，请到开阔处重试，或不使用位置直接提交。',
};

/** "使用当前位置": the phone's position (optional) and a free-text address next to it (plain elements). */
export function LocationField({
  value,
  onChange,
}: {
  value?: PickedLocation;
  onChange?: (value: PickedLocation | undefined) => void;
}) {
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const supported = typeof navigator !== 'undefined' && 'geolocation' in navigator;

  const locate = () => {
    setProblem(null);
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onChange?.({
          lng: Number(pos.coords.longitude.toFixed(6)),
          lat: Number(pos.coords.latitude.toFixed(6)),
          accuracy: Math.round(pos.coords.accuracy),
          address: value?.address,
        });
      },
      (err) => {
        setLocating(false);
        setProblem(GEO_ERROR[err.code] ?? GEO_ERROR[2]);
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const address = (
    <input
      className="rp-input"
      aria-label="详细地址"
      placeholder="详细地址（选填），如：幸福里5号楼东侧"
      maxLength={200}
      value={value?.address ?? ''}
      onChange={(e) => {
        const next = { ...value, address: e.target.value };
        onChange?.(next.lng === undefined && !next.address ? undefined : next);
      }}
      style={{ marginTop: 8 }}
    />
  );
  if (value?.lng === undefined) {
    return (
      <div>
        <button
          type="button"
          className="rp-button rp-block"
          aria-busy={locating || undefined}
          disabled={!supported || locating}
          onClick={locate}
        >
          {locating && <span className="rp-spinner" aria-hidden />}
          {locating ? '正在定位…' : '使用当前位置'}
        </button>
        <div className="rp-help">
          {supported ? '可选。不使用位置时，诉求提交到本网格。' : '当前浏览器不支持定位，诉求将提交到本网格。'}
        </div>
        {problem && (
          <div className="rp-alert rp-alert-warning" role="alert" style={{ marginTop: 8 }}>
            {problem}
          </div>
        )}
        {address}
      </div>
    );
  }
  return (
    <div>
      <div className="rp-located">
        <span className="rp-ok" aria-hidden>
          ✓
        </span>
        <span>已获取当前位置{value.accuracy !== undefined ? `（精度约 ${value.accuracy} 米）` : ''}</span>
        <button
          type="button"
          className="rp-link"
          onClick={() => onChange?.(value.address ? { address: value.address } : undefined)}
        >
          不使用位置
        </button>
      </div>
      {address}
    </div>
  );
}
