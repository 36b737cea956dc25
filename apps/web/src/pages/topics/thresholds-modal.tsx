import { InputNumber, Modal, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  TOPIC_THRESHOLD_KEYS,
  TOPIC_THRESHOLD_LIMITS,
  topicThresholdProblems,
  type TopicThresholds,
} from '@gridflow/domain/topics';
import { api } from '../../api/client';
import { ErrorAlert, useNotify } from '../../components/feedback';
import { useApi } from '../../components/use-api';

type Row = TopicThresholds & { categoryCode: string; categoryName: string; custom: boolean };

/** 发现阈值 (admin): what makes a topic, per item category; a changed category is saved on 保存. */
export function ThresholdsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const notify = useNotify();
  const loaded = useApi(() => (open ? api.get<{ items: Row[] }>('/topic-thresholds') : Promise.resolve(null)), [open]);
  const [rows, setRows] = useState<Row[]>([]);
  const [changed, setChanged] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setRows(loaded.data?.items ?? []);
    setChanged(new Set());
  }, [loaded.data]);

  const set = (code: string, key: keyof TopicThresholds, value: number | null) => {
    setRows((rs) => rs.map((r) => (r.categoryCode === code ? { ...r, [key]: value } : r)));
    setChanged((c) => new Set(c).add(code));
  };
  const invalid = rows.filter((r) => changed.has(r.categoryCode) && topicThresholdProblems(values(r)).length);

  const save = async () => {
    setSaving(true);
    let ok = true;
    for (const r of rows.filter((x) => changed.has(x.categoryCode))) {
      const done = await notify.run(api.put(`/topic-thresholds/${r.categoryCode}`, values(r)));
      if (!done) ok = false;
    }
    setSaving(false);
    if (ok) {
      notify.success('阈值已保存，下次发现时生效');
      onClose();
    }
  };

  return (
    <Modal
      title="发现阈值（按事项类别）"
      open={open}
      onCancel={onClose}
      onOk={save}
      okText="保存"
      okButtonProps={{ disabled: !changed.size || invalid.length > 0 }}
      confirmLoading={saving}
      width={1200}
      destroyOnHidden
    >
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Typography.Paragraph type="secondary">
        聚集：同一事项在半径内、时间窗内达到件数；同址：同一地址（或同一点）在时间窗内达到件数；返工/不满意：同一网格同一事项在时间窗内达到件数。
      </Typography.Paragraph>
      <Table<Row>
        rowKey="categoryCode"
        size="small"
        pagination={false}
        loading={loaded.loading}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '类别', dataIndex: 'categoryName', render: (n: string, r) => `${r.categoryCode} ${n}` },
          ...TOPIC_THRESHOLD_KEYS.map((key) => ({
            title: TOPIC_THRESHOLD_LIMITS[key].label,
            dataIndex: key,
            render: (v: number, r: Row) => (
              <InputNumber
                aria-label={`${r.categoryName} ${TOPIC_THRESHOLD_LIMITS[key].label}`}
                size="small"
                min={TOPIC_THRESHOLD_LIMITS[key].min}
                max={TOPIC_THRESHOLD_LIMITS[key].max}
                precision={0}
                value={v}
                status={v == null ? 'error' : undefined}
                onChange={(x) => set(r.categoryCode, key, x)}
                style={{ width: 80 }}
              />
            ),
          })),
        ]}
      />
    </Modal>
  );
}

function values(r: Row): TopicThresholds {
  return Object.fromEntries(TOPIC_THRESHOLD_KEYS.map((k) => [k, r[k]])) as unknown as TopicThresholds;
}
