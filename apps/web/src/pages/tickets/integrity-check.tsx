import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/feedback';
import { formatTime } from '../../components/ticket-bits';
import type { IntegrityReport } from './ticket-types';

/** 完整性校验 of an archived ticket: does its timeline still match the seal taken at archiving? */
export function IntegrityCheck({ ticketId }: { ticketId: string }) {
  const [report, setReport] = useState<IntegrityReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await api.get<IntegrityReport>(`/tickets/${ticketId}/integrity`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="归档封存" data-testid="integrity">
      <Button block size="large" icon={<SafetyCertificateOutlined />} loading={busy} onClick={check}>
        完整性校验
      </Button>
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} onRetry={check} />
        {report && <Verdict report={report} />}
      </div>
    </Card>
  );
}

function Verdict({ report }: { report: IntegrityReport }) {
  const alert =
    report.intact === true ? (
      <Alert type="success" showIcon title="校验通过：时间线与归档封存一致，未被改动" />
    ) : report.intact === false ? (
      <Alert
        type="error"
        showIcon
        title="校验未通过：时间线与归档封存不一致，可能被改动"
        description={report.firstMismatch ? `自第 ${report.firstMismatch} 条记录起缺失或不符` : undefined}
      />
    ) : (
      <Alert type="info" showIcon title="尚未封存：归档后由系统自动补封，请稍后再校验" />
    );
  return (
    <>
      {alert}
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        items={[
          { key: 'sealedAt', label: '封存时间', children: formatTime(report.sealedAt) },
          { key: 'events', label: '时间线记录', children: `${report.events} 条` },
          { key: 'algorithm', label: '算法', children: report.algorithm },
          {
            key: 'hash',
            label: '封存摘要',
            children: (
              <code style={{ wordBreak: 'break-all', fontSize: 12 }}>{report.sealedHash ?? report.computedHash}</code>
            ),
          },
        ]}
      />
    </>
  );
}
