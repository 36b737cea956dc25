import { AimOutlined, CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Input } from 'antd';
import { useState } from 'react';

export interface PickedLocation {
  lng: number;
  lat: number;
  accuracy?: number;
  address?: string;
}

const GEO_ERROR: Record<number, string> = {
  1: '未获得定位权限。您可以不使用位置，诉求将提交到本网格。',
  2: '暂时无法获取位置，请稍后重试，或不使用位置直接提交。',
  3: '定位超时，请到开阔处重试，或不使用位置直接提交。',
};

/** "使用当前位置": the phone's position (optional) and a free-text address next to it. */
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

  if (!value) {
    return (
      <div>
        <Button
          size="large"
          block
          icon={<AimOutlined />}
          loading={locating}
          disabled={!supported}
          onClick={locate}
          style={{ height: 48 }}
        >
          {locating ? '正在定位…' : '使用当前位置'}
        </Button>
        <div style={{ marginTop: 6, color: 'rgba(0,0,0,0.45)', fontSize: 13 }}>
          {supported ? '可选。不使用位置时，诉求提交到本网格。' : '当前浏览器不支持定位，诉求将提交到本网格。'}
        </div>
        {problem && <Alert type="warning" showIcon title={problem} style={{ marginTop: 8 }} />}
      </div>
    );
  }
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', fontSize: 15 }}>
        <CheckCircleFilled style={{ color: '#52c41a' }} />
        <span>已获取当前位置{value.accuracy !== undefined ? `（精度约 ${value.accuracy} 米）` : ''}</span>
        <Button type="link" onClick={() => onChange?.(undefined)} style={{ padding: 0 }}>
          不使用位置
        </Button>
      </div>
      <Input
        size="large"
        aria-label="详细地址"
        placeholder="详细地址（选填），如：幸福里5号楼东侧"
        maxLength={200}
        value={value.address ?? ''}
        onChange={(e) => onChange?.({ ...value, address: e.target.value })}
        style={{ marginTop: 8 }}
      />
    </div>
  );
}
