import { Alert, Card, Descriptions, Result, Timeline } from 'antd';
import { useParams } from 'react-router';
import { STATUS_STEP } from '../../api/labels';
import { formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { publicApi, type TrackedTicket } from './public-api';
import { NotLoaded } from './not-loaded';
import { PublicShell } from './public-shell';
import { RatingCard } from './rating-card';
import { SavedRequests, TrackingCodeForm } from './tracking-code-form';
import { TicketSteps } from './ticket-steps';
import { READABLE_GREY } from '../../theme';

/** 查询办理进度: /t asks for a tracking code, /t/:trackingCode shows the six steps and takes the rating. */
export function TrackingPage() {
  const { trackingCode } = useParams();
  if (!trackingCode) {
    return (
      <PublicShell title="查询办理进度" subtitle="输入查询码，了解诉求办理情况" footerLink={null}>
        <Card>
          <TrackingCodeForm />
        </Card>
        <SavedRequests />
      </PublicShell>
    );
  }
  const code = trackingCode.trim().toUpperCase();
  return <TrackedTicketView key={code} code={code} />;
}

const RESIDENT_STATUS: Record<string, string> = {
  submitted: '已提交，等待网格员接单',
  accepted: '网格员已接单，等待派单',
  dispatched: '已派单，等待办理人员接单',
  claimed: '办理人员已接单，正在办理',
  resolved: '已办结，等待督查核实',
  verified: '督查已核实办结',
  archived: '已办结归档',
  rejected: '诉求已退回',
};

function TrackedTicketView({ code }: { code: string }) {
  const loaded = useApi(() => publicApi.track(code), [code]);
  const ticket = loaded.data;

  return (
    <PublicShell title="办理进度" subtitle={`查询码 ${code}`} footerLink={{ to: '/t', text: '查询其他诉求' }}>
      {ticket ? (
        <TicketProgress code={code} ticket={ticket} onChanged={loaded.reload} />
      ) : (
        <NotLoaded
          loaded={loaded}
          notFound={
            <Card>
              <Result
                status="warning"
                title="未找到该诉求"
                subTitle={`没有查询码为 ${code} 的诉求，请核对查询码（8位字母和数字）后重新查询。`}
                style={{ padding: '16px 0' }}
              />
              <TrackingCodeForm />
            </Card>
          }
        />
      )}
    </PublicShell>
  );
}

function TicketProgress({ code, ticket, onChanged }: { code: string; ticket: TrackedTicket; onChanged: () => void }) {
  const backAndForth = new Set(ticket.steps.map((s) => s.status)).size < ticket.steps.length;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Card>
        <Descriptions
          column={1}
          size="small"
          styles={{ label: { width: 80 }, content: { fontSize: 15 } }}
          items={[
            {
              key: 'status',
              label: '当前状态',
              children: <strong>{RESIDENT_STATUS[ticket.status] ?? ticket.status}</strong>,
            },
            { key: 'number', label: '工单编号', children: ticket.number },
            { key: 'item', label: '反映事项', children: ticket.itemName ?? '—' },
            { key: 'grid', label: '所属网格', children: ticket.gridName ?? '—' },
            { key: 'created', label: '提交时间', children: formatTime(ticket.createdAt) },
          ]}
        />
      </Card>
      {ticket.status === 'rejected' && (
        <Alert
          type="warning"
          showIcon
          title="您的诉求已退回"
          description="可能不属于网格受理事项、与已有诉求重复或无法核实。如有疑问，请联系您的网格员或拨打12345热线。"
        />
      )}
      <Card title="六联单进度">
        <TicketSteps ticket={ticket} />
      </Card>
      {backAndForth && (
        <Card title="办理记录">
          <Timeline
            items={ticket.steps.map((s, i) => ({
              key: i,
              color: s.status === 'rejected' ? 'red' : 'blue',
              content: (
                <span>
                  {STATUS_STEP[s.status] ?? s.status}
                  <span style={{ color: READABLE_GREY, marginLeft: 8 }}>{formatTime(s.at)}</span>
                </span>
              ),
            }))}
          />
        </Card>
      )}
      <RatingCard code={code} ticket={ticket} onChanged={onChanged} />
    </div>
  );
}
