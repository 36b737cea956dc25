import { TRAFFIC_LIGHT_LABEL } from '@gridflow/domain/time/time-left';
import { Badge, Space } from 'antd';
import { LIGHT_COLOR } from './ticket-bits';

/** What the markers' colours say: 超时, 临期, 正常 (the words of the list badge). */
export function MapLegend() {
  return (
    <Space size={12}>
      {(['overdue', 'warning', 'ok'] as const).map((light) => (
        <Badge key={light} color={LIGHT_COLOR[light]} text={TRAFFIC_LIGHT_LABEL[light]} />
      ))}
    </Space>
  );
}
