import { Alert, Button, Card, Result, Typography } from 'antd';
import { Link } from 'react-router';
import type { FiledTicket } from './public-api';

/** After 点单: the ticket number and, big and copyable, the code to follow it by. */
export function FiledResult({
  ticket,
  gridName,
  onAnother,
}: {
  ticket: FiledTicket;
  gridName: string;
  onAnother: () => void;
}) {
  return (
    <Card styles={{ body: { padding: '8px 16px 20px' } }}>
      <Result
        status="success"
        title="提交成功"
        subTitle={`您的诉求已提交至${gridName}，网格员会尽快接单办理。`}
        style={{ padding: '24px 0 8px' }}
      />
      <div style={{ textAlign: 'center' }}>
        <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 15 }}>查询码</div>
        <Typography.Text
          data-testid="tracking-code"
          copyable={{ text: ticket.trackingCode, tooltips: ['复制查询码', '已复制'] }}
          style={{
            display: 'inline-block',
            fontSize: 36,
            fontWeight: 700,
            letterSpacing: 4,
            fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
            margin: '4px 0 8px',
          }}
        >
          {ticket.trackingCode}
        </Typography.Text>
        <div style={{ fontSize: 15 }}>
          工单编号：
          <Typography.Text copyable={{ tooltips: ['复制工单编号', '已复制'] }} data-testid="ticket-number">
            {ticket.number}
          </Typography.Text>
        </div>
      </div>
      <Alert
        type="warning"
        showIcon
        title="请截图或记下查询码"
        description="凭查询码可随时查询办理进度；办结后还可以对办理结果进行评价。"
        style={{ margin: '16px 0' }}
      />
      <Link to={`/t/${ticket.trackingCode}`} style={bigLink}>
        查看办理进度
      </Link>
      <Button size="large" block onClick={onAnother} style={{ height: 48, marginTop: 12 }}>
        再提交一件
      </Button>
    </Card>
  );
}

const bigLink: React.CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  height: 48,
  borderRadius: 6,
  background: '#c8161d',
  color: '#fff',
  fontSize: 16,
};
