import { Alert, Flex, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, errorText } from '../../api/client';
import type { Page, PossibleDuplicate } from '../../api/types';
import { fromNow, StatusTag } from '../../components/ticket-bits';

const DEBOUNCE_MS = 400;

interface Hints {
  key: string;
  items?: PossibleDuplicate[];
  error?: unknown;
}

/**
 * 重复提示 before filing (GET /tickets/possible-duplicates): open tickets of the same item in the
 * grid from the last 72 h, within 200 m when located. Refreshed when item, grid or point change.
 */
export function DuplicateHints({
  itemCode,
  gridCode,
  location,
}: {
  itemCode?: string;
  gridCode?: string;
  location: { lng: number; lat: number } | null;
}) {
  const query = itemCode && gridCode ? { itemCode, gridCode, lng: location?.lng, lat: location?.lat } : null;
  const key = JSON.stringify(query);
  const [hints, setHints] = useState<Hints | null>(null);

  useEffect(() => {
    if (!query) return;
    let live = true;
    const timer = setTimeout(() => {
      api.get<Page<PossibleDuplicate>>('/tickets/possible-duplicates', query).then(
        (page) => live && setHints({ key, items: page.items }),
        (error) => live && setHints({ key, error }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  if (!query)
    return <Typography.Text type="secondary">选择事项和网格后，将提示近 72 小时内本网格的同类工单。</Typography.Text>;
  if (!hints || hints.key !== key)
    return (
      <Spin size="small">
        <Typography.Text type="secondary">正在检查是否有重复工单…</Typography.Text>
      </Spin>
    );
  if (hints.error) return <Alert type="warning" showIcon title={`未能检查重复工单：${errorText(hints.error)}`} />;
  const items = hints.items ?? [];
  if (items.length === 0)
    return (
      <Typography.Text type="success" data-testid="duplicate-hints">
        未发现近 72 小时内本网格的同类工单。
      </Typography.Text>
    );
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="duplicate-hints"
      title={`发现 ${items.length} 条可能重复的工单，请先核实是否为同一诉求`}
      description={
        <Flex vertical gap={8} style={{ marginTop: 4 }}>
          {items.map((d) => (
            <div key={d.id} data-ticket-id={d.id}>
              <Flex gap={6} align="center" wrap>
                <Link to={`/tickets/${d.id}`} target="_blank" rel="noreferrer">
                  {d.number}
                </Link>
                <StatusTag status={d.status} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.distanceMetres === null ? '未定位' : `相距约 ${d.distanceMetres} 米`} · {fromNow(d.createdAt)}
                </Typography.Text>
              </Flex>
              <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                {d.description}
              </Typography.Paragraph>
            </div>
          ))}
        </Flex>
      }
    />
  );
}
