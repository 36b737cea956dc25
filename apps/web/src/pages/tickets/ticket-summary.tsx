import { Descriptions, Flex, Tag, Typography } from 'antd';
import { CHANNEL_LABEL, LEVEL_LABEL, SATISFACTION_LABEL, TIER_LABEL } from '../../api/labels';
import type { CatalogItem, Grid, TicketDetail } from '../../api/types';
import { GridMap } from '../../components/grid-map';
import { formatTime, StatusTag, TrafficLight } from '../../components/ticket-bits';
import { PhoneLink } from '../../components/phone-link';

const levelName = (level: string) => LEVEL_LABEL[level as keyof typeof LEVEL_LABEL] ?? level;

/** The ticket's facts as Descriptions, with its place on a small map. */
export function TicketSummary({
  ticket,
  item,
  grid,
  suspended,
}: {
  ticket: TicketDetail;
  item?: CatalogItem;
  grid?: Grid;
  suspended: boolean;
}) {
  const { lng, lat } = ticket.location ?? {};
  const point = lng != null && lat != null ? { lng, lat } : null;
  const items = [
    { key: 'number', label: '工单编号', children: <Typography.Text copyable>{ticket.number}</Typography.Text> },
    { key: 'tracking', label: '查询码', children: <Typography.Text copyable>{ticket.trackingCode}</Typography.Text> },
    {
      key: 'status',
      label: '状态',
      children: <StatusTag status={ticket.status} />,
    },
    {
      key: 'light',
      label: '时限',
      children: (
        <Flex vertical>
          <Flex gap={6} align="center" wrap>
            <TrafficLight ticket={ticket} withTime />
            {suspended && <Tag color="purple">挂起中，暂停计时</Tag>}
          </Flex>
          <Typography.Text type="secondary">
            {ticket.dueAt ? `截止 ${formatTime(ticket.dueAt)}` : '当前环节不计时'}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'item',
      label: '事项',
      children: (
        <Flex gap={4} wrap align="center">
          <span>
            {ticket.itemCode} {item?.name ?? ''}
          </span>
          {item && <Tag color={item.tier === 'grid' ? 'green' : 'volcano'}>{TIER_LABEL[item.tier]}</Tag>}
        </Flex>
      ),
    },
    {
      key: 'grid',
      label: '网格',
      children: ticket.gridCode ? (
        grid ? (
          `${grid.name}（${ticket.gridCode}）`
        ) : (
          ticket.gridCode
        )
      ) : (
        <Tag color="orange" data-testid="unlocated-tag">
          待定位（{ticket.orgCode}）
        </Tag>
      ),
    },
    { key: 'level', label: '当前层级', children: levelName(ticket.level) },
    {
      key: 'urgent',
      label: '紧急',
      children: ticket.urgent ? <Tag color="red">紧急</Tag> : '一般',
    },
    {
      key: 'description',
      label: '诉求描述',
      span: 'filled' as const,
      children: <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{ticket.description}</span>,
    },
    {
      key: 'location',
      label: '位置',
      span: 'filled' as const,
      children: ticket.location
        ? [
            ticket.location.address,
            point ? `${point.lng.toFixed(5)}, ${point.lat.toFixed(5)}` : '（未定位，按地址办理）',
          ]
            .filter(Boolean)
            .join(' · ')
        : '未定位',
    },
    {
      key: 'reporter',
      label: '群众',
      children: ticket.reporter ? (
        <>
          {ticket.reporter.name}
          {ticket.reporter.name && ticket.reporter.phone ? ' · ' : ''}
          <PhoneLink phone={ticket.reporter.phone} empty={ticket.reporter.name ? '' : '—'} />
        </>
      ) : (
        '未留信息'
      ),
    },
    { key: 'assignee', label: '办理人', children: ticket.assignee?.displayName ?? '—' },
    ...(ticket.department
      ? [{ key: 'department', label: '职能部门', children: ticket.department.name ?? ticket.department.code }]
      : []),
    { key: 'escalations', label: '上报次数', children: ticket.escalations },
    { key: 'rework', label: '返工次数', children: ticket.reworkCount },
    {
      key: 'satisfaction',
      label: '满意度',
      children: ticket.satisfaction ? (SATISFACTION_LABEL[ticket.satisfaction] ?? ticket.satisfaction) : '—',
    },
    {
      key: 'channel',
      label: '来源',
      children: ticket.channel ? (CHANNEL_LABEL[ticket.channel] ?? ticket.channel) : '—',
    },
    { key: 'created', label: '提交时间', children: formatTime(ticket.createdAt) },
    { key: 'updated', label: '最近更新', children: formatTime(ticket.updatedAt) },
  ];

  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        items={items}
        data-testid="ticket-summary"
      />
      {point && (
        <div style={{ marginTop: 12 }}>
          <GridMap
            polygons={grid ? [{ code: grid.code, name: grid.name, boundary: grid.boundary }] : []}
            points={[{ id: ticket.id, lng: point.lng, lat: point.lat, label: ticket.number }]}
            height={200}
          />
        </div>
      )}
    </>
  );
}
