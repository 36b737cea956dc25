import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Select, Typography } from 'antd';
import { GridMap } from '../../components/grid-map';
import type { ScopeGrids } from './use-scope-grids';

export interface Point {
  lng: number;
  lat: number;
  /** metres, from the phone's GPS */
  accuracy?: number;
}

export type Located =
  | { kind: 'busy' }
  | { kind: 'grid'; code: string; name: string }
  | { kind: 'outside' }
  | { kind: 'failed'; message: string };

/** Why the phone gave no position, in words a grid worker can act on. */
export function geolocationProblem(error?: GeolocationPositionError): string {
  if (!error) {
    if (typeof window !== 'undefined' && !window.isSecureContext)
      return '定位需通过 HTTPS 打开本页面，请在地图上点选位置或直接选择网格。';
    return '当前浏览器不支持定位，请在地图上点选位置或直接选择网格。';
  }
  if (error.code === error.PERMISSION_DENIED)
    return '定位权限被拒绝。请在手机或浏览器设置中允许本页面使用位置，或在地图上点选位置、直接选择网格。';
  if (error.code === error.TIMEOUT) return '定位超时，请到开阔处重试，或在地图上点选位置。';
  return '暂时无法获取位置（无GPS信号），请在地图上点选位置或直接选择网格。';
}

/** Where the request is: the phone's GPS, a tap on the map, or a grid picked from the list. */
export function LocationPicker({
  scope,
  point,
  located,
  gridCode,
  gpsBusy,
  gpsProblem,
  onGps,
  onPick,
  onGrid,
}: {
  scope: ScopeGrids;
  point: Point | null;
  located: Located | null;
  gridCode?: string;
  gpsBusy: boolean;
  gpsProblem: string | null;
  onGps: () => void;
  onPick: (p: Point) => void;
  onGrid: (code: string) => void;
}) {
  const polygons = scope.drawn.map((g) => ({
    code: g.code,
    name: g.name,
    boundary: g.boundary,
    color: g.code === gridCode ? '#c8161d' : undefined,
  }));
  return (
    <Flex vertical gap={10}>
      <Button size="large" block icon={<AimOutlined />} loading={gpsBusy} onClick={onGps}>
        使用手机定位
      </Button>
      {gpsProblem && <Alert type="warning" showIcon title={gpsProblem} role="alert" />}
      {scope.drawn.length > 0 ? (
        <>
          <Typography.Text type="secondary">或在地图上点选事发位置：</Typography.Text>
          <GridMap polygons={polygons} picked={point} onPick={onPick} height={260} />
        </>
      ) : null}
      {point && <LocatedLine point={point} located={located} />}
      <Select
        size="large"
        placeholder="或直接选择网格"
        value={gridCode}
        onChange={onGrid}
        loading={scope.loading && scope.grids.length === 0}
        showSearch={{ optionFilterProp: 'label' }}
        options={scope.grids.map((g) => ({ value: g.code, label: `${g.name}（${g.code}）` }))}
        notFoundContent="您的管辖范围内没有可选网格"
        aria-label="选择网格"
      />
    </Flex>
  );
}

function LocatedLine({ point, located }: { point: Point; located: Located | null }) {
  const where = `${point.lng.toFixed(5)}, ${point.lat.toFixed(5)}${
    point.accuracy ? `（精度约 ${Math.round(point.accuracy)} 米）` : ''
  }`;
  return (
    <div data-testid="located-grid">
      <Typography.Text type="secondary">
        <EnvironmentOutlined /> {where}
      </Typography.Text>
      <div>
        {located?.kind === 'busy' && <Typography.Text type="secondary">正在确定所在网格…</Typography.Text>}
        {located?.kind === 'grid' && (
          <Typography.Text strong>
            所在网格：{located.name}（{located.code}）
          </Typography.Text>
        )}
        {located?.kind === 'outside' && (
          <Typography.Text type="danger">该位置不在任何网格内，请重新点选或直接选择网格。</Typography.Text>
        )}
        {located?.kind === 'failed' && <Typography.Text type="danger">{located.message}</Typography.Text>}
      </div>
    </div>
  );
}
