import { ArrowLeftOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Result, Row, Skeleton, Typography } from 'antd';
import { useCallback, useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { Grid, Page, TicketDetail, TimeRequest } from '../../api/types';
import { useUser } from '../../auth/auth';
import { BeforeAfterPhotos } from '../../components/attachments';
import { ErrorAlert } from '../../components/feedback';
import { SixStepBar } from '../../components/six-step-bar';
import { IntegrityCheck } from '../../components/integrity-check';
import { TicketFlags, TicketTimeline, TrafficLight } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { OUTBOX_DELIVERED } from '../../offline/outbox';
import { useCatalog } from '../field/use-catalog';
import { ActionPanel } from './action-panel';
import { CommentBox } from './comment-box';
import { TicketSummary } from './ticket-summary';
import { activeSuspension, TimeRequestsCard } from './time-requests-card';

/** 工单详情: the ticket, its full timeline, comments, and the actions this user may take now. */
export function TicketDetailPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const ticket = useApi(() => api.get<TicketDetail>(`/tickets/${id}`), [id]);
  const requests = useApi(() => api.get<Page<TimeRequest>>(`/tickets/${id}/time-requests`), [id]);
  const gridCode = ticket.data?.gridCode;
  const grid = useApi(() => (gridCode ? api.get<Grid>(`/grids/${gridCode}`) : Promise.resolve(undefined)), [gridCode]);
  const { catalog } = useCatalog();
  const { reload: reloadTicket } = ticket;
  const { reload: reloadRequests } = requests;
  const reload = useCallback(() => {
    reloadTicket();
    reloadRequests();
  }, [reloadTicket, reloadRequests]);
  // A claim or comment kept offline was sent (or lost to a change): show the ticket as it is now.
  useEffect(() => {
    window.addEventListener(OUTBOX_DELIVERED, reload);
    return () => window.removeEventListener(OUTBOX_DELIVERED, reload);
  }, [reload]);

  const back = () => (window.history.length > 1 ? navigate(-1) : navigate('/'));

  if (ticket.error instanceof ApiError && ticket.error.status === 404 && !ticket.data)
    return (
      <Result
        status="404"
        title="未找到工单"
        subTitle="工单不存在，或不在您的管辖范围内。"
        extra={<Button onClick={back}>返回</Button>}
      />
    );
  if (!ticket.data)
    return ticket.error ? (
      <ErrorAlert error={ticket.error} onRetry={reload} />
    ) : (
      <Skeleton active paragraph={{ rows: 10 }} />
    );

  const t = ticket.data;
  const item = catalog?.item(t.itemCode);
  const timeRequests = requests.data?.items ?? [];

  return (
    <div data-ticket-id={t.id}>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={back} aria-label="返回" />
        <TrafficLight ticket={t} withTime />
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t.number}
        </Typography.Title>
        <TicketFlags ticket={t} />
        <div style={{ flex: 1 }} />
        <Button icon={<PrinterOutlined />} onClick={() => navigate(`/tickets/${t.id}/print`)}>
          打印
        </Button>
        <Button icon={<ReloadOutlined />} loading={ticket.loading} onClick={reload} aria-label="刷新" />
      </Flex>
      {ticket.error ? <ErrorAlert error={ticket.error} onRetry={reload} /> : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <SixStepBar status={t.status} timeline={t.timeline} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
          <Flex vertical gap={16}>
            <ActionPanel ticket={t} item={item} user={user} requests={timeRequests} onDone={reload} />
            <TimeRequestsCard ticket={t} requests={timeRequests} user={user} onDone={reload} />
            {t.status === 'archived' && (user.role === 'supervisor' || user.role === 'admin') && (
              <Card size="small" title="归档封存">
                <IntegrityCheck ticketId={t.id} block />
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
          <Flex vertical gap={16}>
            <Card size="small" title="工单信息">
              <TicketSummary
                ticket={t}
                item={item}
                grid={grid.data}
                suspended={activeSuspension(timeRequests) !== undefined}
              />
            </Card>
            {t.timeline.some((e) => (e.type === 'filed' || e.type === 'resolved') && e.attachments?.length) && (
              <Card size="small" title="现场照片" data-testid="photos">
                <BeforeAfterPhotos timeline={t.timeline} />
              </Card>
            )}
            <Card size="small" title="办理过程" data-testid="timeline">
              {t.timeline.length === 0 ? (
                <Empty description="暂无记录" />
              ) : (
                <TicketTimeline events={t.timeline} channel={t.channel} />
              )}
              {t.status !== 'archived' && (
                <CommentBox ticketId={t.id} ticketLabel={`工单 ${t.number}`} onDone={reload} />
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
    </div>
  );
}
