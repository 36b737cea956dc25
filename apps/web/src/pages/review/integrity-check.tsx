import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/feedback';
import { formatTime } from '../../components/ticket-bits';

/** GET /tickets/:id/integrity (libs/tickets ticket-seal.service). */
interface Integrity {
  ticketId: string;
  status: string;
  sealed: boolean;
  sealedAt: string | null;
  sealedHash: string | null;
  computedHash: string;
  /** null until the ticket is sealed at archiving */
  intact: boolean | null;
  /** the first timeline seq that is missing or out of order */
  firstMismatch?: number;
  events: number;
  algorithm: string;
}

const Hash = ({ value }: { value: string | null }) =>
  value ? (
    <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
      {value}
    </Typography.Text>
  ) : (
    <>—</>
  );

function Verdict({ result }: { result: Integrity }) {
  if (result.intact === null)
    return (
      <Alert
        type="info"
        showIcon
        title="尚未封存"
        description="办理记录在归档销单时封存；此工单的记录未封存，下面是当前记录的哈希值。"
      />
    );
  if (result.intact)
    return (
      <Alert
        type="success"
        showIcon
        title="校验通过：办理记录完整，未被篡改"
        description={`归档封存于 ${formatTime(result.sealedAt)}，共 ${result.events} 条记录。`}
      />
    );
  return (
    <Alert
      type="error"
      showIcon
      title="校验未通过：办理记录与归档封存时不一致"
      description={
        result.firstMismatch !== undefined
          ? `第 ${result.firstMismatch} 条记录缺失或顺序异常。`
          : '记录内容已被改动（哈希值不一致）。'
      }
    />
  );
}

/** 完整性校验: whether the archived timeline still matches the hash sealed at archiving. */
export function IntegrityCheck({ ticketId }: { ticketId: string }) {
  const [result, setResult] = useState<Integrity | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.get<Integrity>(`/tickets/${ticketId}/integrity`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="integrity">
      <Button icon={<SafetyCertificateOutlined />} onClick={check} loading={busy}>
        完整性校验
      </Button>
      <ErrorAlert error={error} onRetry={check} />
      {result && (
        <>
          <Verdict result={result} />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="记录条数">{result.events}</Descriptions.Item>
            <Descriptions.Item label="封存哈希">
              <Hash value={result.sealedHash} />
            </Descriptions.Item>
            <Descriptions.Item label="当前哈希">
              <Hash value={result.computedHash} />
            </Descriptions.Item>
            <Descriptions.Item label="算法">{result.algorithm}</Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Space>
  );
}
