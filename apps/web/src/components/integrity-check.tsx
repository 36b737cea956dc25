import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { EVENT_LABEL } from '../api/labels';
import type { IntegrityReport } from '../api/types';
import { ErrorAlert } from './feedback';
import { formatTime } from './ticket-bits';

const Hash = ({ value }: { value: string | null }) =>
  value ? (
    <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
      {value}
    </Typography.Text>
  ) : (
    <>—</>
  );

function Verdict({ report }: { report: IntegrityReport }) {
  if (report.intact === null)
    return (
      <Alert
        type="info"
        showIcon
        title="尚未封存"
        description={
          // An archived ticket whose seal failed is sealed later by the worker's sweeper.
          report.status === 'archived'
            ? '归档后由系统自动补封，请稍后再校验。'
            : '办理记录在归档销单时封存；此工单的记录未封存，下面是当前记录的哈希值。'
        }
      />
    );
  if (report.intact) {
    // A resident's rating may come after archiving (within its window): it follows the seal.
    const after = report.afterSeal.map((e) => `第 ${e.seq} 条${EVENT_LABEL[e.type] ?? e.type}`).join('、');
    return (
      <Alert
        type="success"
        showIcon
        title="校验通过：办理记录完整，未被篡改"
        description={
          `归档封存于 ${formatTime(report.sealedAt)}，共 ${report.events} 条记录。` +
          (after ? `封存后追加 ${report.afterSeal.length} 条（${after}），不在封存范围内。` : '')
        }
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      title="校验未通过：办理记录与归档封存时不一致"
      description={
        report.firstMismatch !== undefined
          ? `第 ${report.firstMismatch} 条记录缺失或顺序异常。`
          : '记录内容已被改动（哈希值不一致）。'
      }
    />
  );
}

/**
 * 完整性校验 (GET /tickets/:id/integrity): whether the timeline still matches the hash sealed at
 * archiving. `block` gives the big full-width button of the ticket page's side column.
 */
export function IntegrityCheck({ ticketId, block = false }: { ticketId: string; block?: boolean }) {
  const [report, setReport] = useState<IntegrityReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await api.get<IntegrityReport>(`/tickets/${ticketId}/integrity`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="integrity">
      <Button
        icon={<SafetyCertificateOutlined />}
        onClick={check}
        loading={busy}
        block={block}
        size={block ? 'large' : undefined}
      >
        完整性校验
      </Button>
      <ErrorAlert error={error} onRetry={check} />
      {report && (
        <>
          <Verdict report={report} />
          <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label="记录条数">{report.events}</Descriptions.Item>
            <Descriptions.Item label="封存哈希">
              <Hash value={report.sealedHash} />
            </Descriptions.Item>
            <Descriptions.Item label="当前哈希">
              <Hash value={report.computedHash} />
            </Descriptions.Item>
            <Descriptions.Item label="算法">{report.algorithm}</Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Space>
  );
}
