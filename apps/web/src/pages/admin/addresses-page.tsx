import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, errorText } from '../../api/client';
import { CursorTable } from '../../components/cursor-table';
import { formatTime } from '../../components/ticket-bits';
import { useCursorList } from '../../components/use-cursor-list';

interface AddressRow {
  id: string;
  address: string;
  building: string | null;
  gridCode: string;
  gridName: string | null;
  lng: number | null;
  lat: number | null;
  createdAt: string;
  updatedAt: string;
}

interface AddressImport {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  percent: number;
  totalRows: number | null;
  processedRows: number;
  created: number;
  updated: number;
  failed: number;
  filename: string;
  error: string | null;
  rejected: { row: number; code: string; reason: string }[];
}

const REJECT_LABEL: Record<string, string> = {
  MISSING_ADDRESS: '缺少地址',
  CELL_TOO_LONG: '内容过长',
  UNKNOWN_GRID: '网格编码无效',
  BAD_COORDINATES: '经纬度无效',
  FORMULA: '含公式',
  DUPLICATE_IN_FILE: '文件内重复',
};

const STATUS_LABEL: Record<AddressImport['status'], string> = {
  queued: '排队中',
  running: '导入中',
  done: '已完成',
  failed: '失败',
};

/** How often a running import's progress is read again. */
const POLL_MS = 1000;

/**
 * 标准地址库: the register of standard addresses (each in one grid) that requests with only an
 * address are matched against; search, and import a .xlsx/.csv file with its progress and the
 * rows it rejected (docs/addresses.md).
 */
export function AdminAddressesPage() {
  const [search, setSearch] = useState('');
  const query = useMemo(() => (search ? { q: search } : {}), [search]);
  const list = useCursorList<AddressRow>('/addresses', query);
  const [job, setJob] = useState<AddressImport | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);

  const running = job && (job.status === 'queued' || job.status === 'running');
  useEffect(() => {
    if (!running || !job) return;
    const timer = setTimeout(() => {
      api.get<AddressImport>(`/addresses/imports/${job.id}`).then(
        (next) => {
          setJob(next);
          if (next.status === 'done') list.reload();
        },
        (err) => setUploadError(errorText(err)),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- polls while this import runs
  }, [job, running]);

  const submit = async (file: File) => {
    setUploadError(null);
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file);
      setJob(await api.post<AddressImport>('/addresses/import', form));
    } catch (err) {
      setUploadError(errorText(err));
    } finally {
      setUploading(false);
    }
  };

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        标准地址库
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary">
              只有地址的诉求按标准地址匹配到网格。导入 .xlsx 或 .csv：首行列名 address（地址）、gridCode（网格编码），
              可选 lng、lat、building；同一地址再次导入即更新。
            </Typography.Text>
            <Upload
              accept=".xlsx,.csv"
              showUploadList={false}
              beforeUpload={(file) => {
                void submit(file);
                return false;
              }}
            >
              <Button type="primary" icon={<UploadOutlined />} loading={uploading} disabled={!!running}>
                导入地址文件
              </Button>
            </Upload>
          </Space>
          {uploadError && <Alert type="error" showIcon message={`导入失败：${uploadError}`} />}
          {job && <ImportProgress job={job} />}
        </Space>
      </Card>
      <Card style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          aria-label="搜索地址"
          placeholder="搜索地址，如 振华南街12号3栋"
          onSearch={(value) => setSearch(value.trim())}
          style={{ maxWidth: 420 }}
          enterButton="搜索"
        />
      </Card>
      <CursorTable<AddressRow>
        list={list}
        framed
        empty="暂无标准地址"
        scroll={{ x: 'max-content' }}
        onRow={(a) => ({ 'data-address-id': a.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '地址', dataIndex: 'address' },
          {
            title: '网格',
            dataIndex: 'gridCode',
            render: (code: string, a) => (
              <span>
                {a.gridName ?? code}
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {code}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: '坐标',
            key: 'point',
            render: (_: unknown, a) => (a.lng === null ? '—' : `${a.lng.toFixed(5)}, ${a.lat?.toFixed(5)}`),
          },
          { title: '更新时间', dataIndex: 'updatedAt', render: formatTime },
        ]}
      />
    </div>
  );
}

function ImportProgress({ job }: { job: AddressImport }) {
  const status = job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active';
  return (
    <div aria-label="导入进度">
      <Space wrap>
        <Typography.Text strong>{job.filename}</Typography.Text>
        <Tag color={job.status === 'failed' ? 'error' : job.status === 'done' ? 'success' : 'processing'}>
          {STATUS_LABEL[job.status]}
        </Tag>
        <Typography.Text>
          新增 {job.created} 条，更新 {job.updated} 条，拒绝 {job.failed} 条
          {job.totalRows !== null ? `（共 ${job.totalRows} 行）` : ''}
        </Typography.Text>
      </Space>
      <Progress percent={job.percent} status={status} />
      {job.error && <Alert type="error" showIcon message={`导入未完成，未写入任何地址：${job.error}`} />}
      {job.rejected.length > 0 && (
        <Table
          size="small"
          rowKey="row"
          pagination={job.rejected.length > 10 ? { pageSize: 10 } : false}
          dataSource={job.rejected}
          title={() => '被拒绝的行（未写入）'}
          columns={[
            { title: '行号', dataIndex: 'row', width: 80 },
            { title: '原因', dataIndex: 'code', width: 140, render: (c: string) => <Tag>{REJECT_LABEL[c] ?? c}</Tag> },
            { title: '说明', dataIndex: 'reason' },
          ]}
        />
      )}
    </div>
  );
}
