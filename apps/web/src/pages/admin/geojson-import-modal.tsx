import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Col,
  Empty,
  Form,
  Grid as AntGrid,
  InputNumber,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import { api, errorText } from '../../api/client';
import { GRID_TYPE_LABEL } from '../../api/labels';
import { GridMap, type MapPolygon } from '../../components/grid-map';
import {
  countOf,
  gridCodeOf,
  gridTypeOf,
  guessMapping,
  type ImportedFeature,
  type MappedField,
  parseGeoJson,
  propertyKeys,
} from './geojson';
import { GRID_TYPES, type GridDetail } from './grid-types';

interface Defaults {
  type: (typeof GRID_TYPES)[number];
  households: number;
  population: number;
}

interface Row {
  index: number;
  code: string | null;
  name: string;
  type: string | null;
  households: number | null;
  population: number | null;
  feature: ImportedFeature;
  problems: string[];
}

type Outcome = { ok: true } | { ok: false; text: string };

const FIELD_LABEL: Record<MappedField, string> = {
  code: '网格编码',
  name: '网格名称',
  type: '网格类型',
  households: '户数',
  population: '人口',
};

/** The API's upper bounds (CreateGridDto). */
const MAX_COUNT = { households: 100_000, population: 1_000_000 };

/** Works out each feature's grid from the chosen property mapping, with defaults and checks. */
function buildRows(
  features: ImportedFeature[],
  mapping: Partial<Record<MappedField, string>>,
  defaults: Defaults,
  community: { code: string; name: string },
  existing: Set<string>,
): Row[] {
  const read = (f: ImportedFeature, field: MappedField) => {
    const key = mapping[field];
    const v = key ? f.properties[key] : undefined;
    return v === null || v === undefined || String(v).trim() === '' ? undefined : v;
  };
  const rows: Row[] = features.map((f) => {
    const problems: string[] = [];
    const rawCode = read(f, 'code');
    const code = rawCode === undefined ? null : gridCodeOf(rawCode, community.code);
    if (rawCode !== undefined && !code) problems.push(`编码「${String(rawCode)}」不是 15 位网格编码或 3 位顺序号`);
    if (code && !code.startsWith(community.code)) problems.push(`编码不属于所选村（社区）${community.code}`);
    const rawType = read(f, 'type');
    const type = rawType === undefined ? defaults.type : gridTypeOf(rawType);
    if (!type) problems.push(`无法识别的网格类型「${String(rawType)}」`);
    const counts = (['households', 'population'] as const).map((field) => {
      const raw = read(f, field);
      if (raw === undefined) return defaults[field];
      const n = countOf(raw);
      if (n === null) problems.push(`${FIELD_LABEL[field]}「${String(raw)}」不是非负整数`);
      else if (n > MAX_COUNT[field]) problems.push(`${FIELD_LABEL[field]} ${n} 超过上限 ${MAX_COUNT[field]}`);
      return n;
    });
    if (f.boundaryProblem) problems.push(`边界无效（${f.geometryType}）：${f.boundaryProblem}`);
    const rawName = read(f, 'name');
    return {
      index: f.index,
      code,
      name: rawName === undefined ? '' : String(rawName).trim().slice(0, 100),
      type,
      households: counts[0],
      population: counts[1],
      feature: f,
      problems,
    };
  });

  // Codes: explicit ones first, then the next free sequence numbers for features without one.
  const taken = new Set(existing);
  const seen = new Map<string, number>();
  for (const r of rows) if (r.code) seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
  for (const r of rows) {
    if (!r.code) continue;
    if ((seen.get(r.code) ?? 0) > 1) r.problems.push('文件中编码重复');
    if (existing.has(r.code)) r.problems.push('该编码的网格已存在');
    taken.add(r.code);
  }
  let seq = 1;
  for (const r of rows) {
    if (r.code || read(r.feature, 'code') !== undefined) continue;
    while (seq < 1000 && taken.has(community.code + String(seq).padStart(3, '0'))) seq++;
    if (seq >= 1000) {
      r.problems.push('该村（社区）已无可用的网格顺序号');
      continue;
    }
    r.code = community.code + String(seq).padStart(3, '0');
    taken.add(r.code);
  }
  for (const r of rows) if (!r.name && r.code) r.name = `${community.name}第${Number(r.code.slice(-3))}网格`;
  return rows;
}

/** 导入 GeoJSON: grids of one community from a file, previewed on the map, created one by one. */
export function GeoJsonImportModal({
  open,
  community,
  existing,
  onClose,
  onImported,
}: {
  open: boolean;
  community: { code: string; name: string };
  existing: GridDetail[];
  onClose: () => void;
  onImported: () => void;
}) {
  const screens = AntGrid.useBreakpoint();
  const [fileName, setFileName] = useState<string | null>(null);
  const [features, setFeatures] = useState<ImportedFeature[] | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<MappedField, string>>>({});
  const [defaults, setDefaults] = useState<Defaults>(() => ({
    type: (existing[0]?.type as Defaults['type']) ?? 'community',
    households: 0,
    population: 0,
  }));
  const [outcomes, setOutcomes] = useState<Record<number, Outcome>>({});
  const [running, setRunning] = useState(false);
  const [run, setRun] = useState({ total: 0, done: 0 });

  const keys = useMemo(() => (features ? propertyKeys(features) : []), [features]);
  // The grids as they were when the dialog opened: grids created by this import must not
  // shift the sequence numbers given to the features.
  const [before, setBefore] = useState(existing);
  const existingCodes = useMemo(() => new Set(before.map((g) => g.code)), [before]);
  const rows = useMemo(
    () => (features ? buildRows(features, mapping, defaults, community, existingCodes) : []),
    [features, mapping, defaults, community, existingCodes],
  );
  const pending = rows.filter((r) => r.problems.length === 0 && !outcomes[r.index]?.ok);
  const done = Object.values(outcomes).length;
  const created = Object.values(outcomes).filter((o) => o.ok).length;

  const readFile = (file: File) => {
    const reader = new FileReader();
    reader.onload = () => {
      try {
        const parsed = parseGeoJson(String(reader.result ?? ''));
        setFeatures(parsed);
        setMapping(guessMapping(propertyKeys(parsed)));
        setParseError(null);
      } catch (err) {
        setFeatures(null);
        setParseError(err instanceof Error ? err.message : String(err));
      }
      setOutcomes({});
      setFileName(file.name);
    };
    reader.onerror = () => setParseError('无法读取文件');
    reader.readAsText(file, 'utf-8');
    return false;
  };

  const importAll = async () => {
    setRunning(true);
    setRun({ total: pending.length, done: 0 });
    // One by one: each answer is shown on its own row, and a failure does not stop the rest.
    for (const r of pending) {
      try {
        await api.post('/grids', {
          code: r.code,
          name: r.name,
          type: r.type,
          households: r.households,
          population: r.population,
          boundary: r.feature.boundary,
        });
        setOutcomes((o) => ({ ...o, [r.index]: { ok: true } }));
      } catch (err) {
        setOutcomes((o) => ({ ...o, [r.index]: { ok: false, text: errorText(err) } }));
      }
      setRun((p) => ({ ...p, done: p.done + 1 }));
    }
    setRunning(false);
    onImported();
  };

  const reset = () => {
    setFeatures(null);
    setFileName(null);
    setParseError(null);
    setOutcomes({});
    setRun({ total: 0, done: 0 });
    setBefore(existing);
  };

  const polygons: MapPolygon[] = [
    ...before
      .filter((g) => g.status === 'active')
      .map((g) => ({ code: g.code, name: `现有：${g.name}`, boundary: g.boundary, color: '#8c8c8c' })),
    ...rows
      .filter((r) => r.feature.boundary)
      .map((r) => {
        const o = outcomes[r.index];
        return {
          code: `#${r.index}`,
          name: `${r.name || '（未命名）'} ${r.code ?? ''}`,
          boundary: r.feature.boundary!,
          color: o?.ok ? '#52c41a' : o || r.problems.length ? '#c8161d' : '#1677ff',
          info: o?.ok ? '已导入' : o ? '导入失败' : r.problems.length ? '有问题，不会导入' : '待导入',
        };
      }),
  ];

  return (
    <Modal
      title={`导入 GeoJSON：${community.name}（${community.code}）`}
      open={open}
      onCancel={running ? undefined : onClose}
      closable={!running}
      width={screens.lg ? 1100 : '100%'}
      style={screens.lg ? undefined : { top: 0, maxWidth: '100vw', paddingBottom: 0 }}
      destroyOnHidden
      afterClose={reset}
      footer={
        <Space wrap>
          {features && !running && <Button onClick={reset}>重新选择文件</Button>}
          <Button onClick={onClose} disabled={running}>
            {done ? '完成' : '取消'}
          </Button>
          <Button type="primary" disabled={!pending.length} loading={running} onClick={importAll}>
            {running ? '正在导入…' : `导入 ${pending.length} 个网格`}
          </Button>
        </Space>
      }
    >
      {!features && (
        <>
          <Upload.Dragger
            accept=".geojson,.json,application/geo+json,application/json"
            beforeUpload={readFile}
            showUploadList={false}
            maxCount={1}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖入 .geojson / .json 文件</p>
            <p className="ant-upload-hint">
              FeatureCollection，每个要素的几何为 Polygon 或 MultiPolygon（WGS-84
              经纬度）；属性可含编码、名称、类型、户数、人口。
            </p>
          </Upload.Dragger>
          {parseError && (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 16 }}
              title={`无法导入 ${fileName ?? ''}：${parseError}`}
            />
          )}
        </>
      )}

      {features && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Typography.Paragraph>
              文件 <Typography.Text strong>{fileName}</Typography.Text>：{features.length} 个要素
              {keys.length ? `，属性：${keys.join('、')}` : '，无属性'}
            </Typography.Paragraph>
            <Form layout="horizontal" labelCol={{ span: 8 }} wrapperCol={{ span: 16 }} size="small">
              {(Object.keys(FIELD_LABEL) as MappedField[]).map((field) => (
                <Form.Item key={field} label={`${FIELD_LABEL[field]}取自`} style={{ marginBottom: 8 }}>
                  <Select
                    aria-label={`${FIELD_LABEL[field]}取自`}
                    value={mapping[field] ?? ''}
                    onChange={(v: string) => setMapping((m) => ({ ...m, [field]: v || undefined }))}
                    disabled={running}
                    options={[{ value: '', label: '（不使用，按默认）' }, ...keys.map((k) => ({ value: k, label: k }))]}
                  />
                </Form.Item>
              ))}
              <Form.Item label="默认类型" style={{ marginBottom: 8 }}>
                <Select
                  aria-label="默认类型"
                  value={defaults.type}
                  onChange={(type) => setDefaults((d) => ({ ...d, type }))}
                  disabled={running}
                  options={GRID_TYPES.map((t) => ({ value: t, label: GRID_TYPE_LABEL[t] }))}
                />
              </Form.Item>
              <Form.Item label="默认户数" style={{ marginBottom: 8 }}>
                <InputNumber
                  aria-label="默认户数"
                  min={0}
                  max={100000}
                  precision={0}
                  value={defaults.households}
                  onChange={(v) => setDefaults((d) => ({ ...d, households: v ?? 0 }))}
                  disabled={running}
                />
              </Form.Item>
              <Form.Item label="默认人口" style={{ marginBottom: 8 }}>
                <InputNumber
                  aria-label="默认人口"
                  min={0}
                  max={1000000}
                  precision={0}
                  value={defaults.population}
                  onChange={(v) => setDefaults((d) => ({ ...d, population: v ?? 0 }))}
                  disabled={running}
                />
              </Form.Item>
            </Form>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              未提供编码的要素按顺序号自动编码（{community.code}+3 位）；未提供名称的按「{community.name}第 N
              网格」命名。
            </Typography.Paragraph>
          </Col>
          <Col xs={24} lg={14}>
            <GridMap polygons={polygons} height={screens.lg ? 340 : 260} />
            <Space size={12} wrap style={{ marginTop: 8, fontSize: 12 }}>
              <Tag color="default">灰色：现有网格</Tag>
              <Tag color="blue">蓝色：待导入</Tag>
              <Tag color="green">绿色：已导入</Tag>
              <Tag color="red">红色：有问题或失败</Tag>
            </Space>
          </Col>
          <Col span={24}>
            {run.total > 0 && (
              <Progress
                percent={Math.round((run.done / run.total) * 100)}
                status={running ? 'active' : created === done ? 'success' : 'exception'}
                format={() => `已导入 ${created} 个，失败 ${done - created} 个`}
                style={{ marginBottom: 8 }}
              />
            )}
            <Table<Row>
              rowKey="index"
              size="small"
              dataSource={rows}
              pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty description="文件中没有要素" /> }}
              columns={[
                { title: '#', dataIndex: 'index', width: 48 },
                { title: '编码', dataIndex: 'code', render: (c: string | null) => c ?? '—' },
                { title: '名称', dataIndex: 'name', render: (n: string) => n || '—' },
                {
                  title: '类型',
                  dataIndex: 'type',
                  render: (t: string | null) => (t ? GRID_TYPE_LABEL[t] : '—'),
                },
                { title: '户数', dataIndex: 'households', render: (n: number | null) => n ?? '—' },
                { title: '人口', dataIndex: 'population', render: (n: number | null) => n ?? '—' },
                {
                  title: '结果',
                  key: 'result',
                  render: (_, r) => <RowOutcome row={r} outcome={outcomes[r.index]} />,
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Modal>
  );
}

function RowOutcome({ row, outcome }: { row: Row; outcome?: Outcome }) {
  if (outcome?.ok) return <Tag color="success">已导入</Tag>;
  if (outcome)
    return (
      <Typography.Text type="danger" data-testid="import-error">
        失败：{outcome.text}
      </Typography.Text>
    );
  if (row.problems.length)
    return (
      <Typography.Text type="danger" style={{ whiteSpace: 'normal', display: 'inline-block', maxWidth: 420 }}>
        不导入：{row.problems.join('；')}
      </Typography.Text>
    );
  return <Tag color="processing">待导入</Tag>;
}
