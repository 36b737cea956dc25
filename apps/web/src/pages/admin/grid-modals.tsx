import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { GRID_TYPE_LABEL } from '../../api/labels';
import type { GeoPolygon } from '../../api/types';
import { useNotify } from '../../components/feedback';
import { validated } from './form-utils';
import { parseGeoJson } from './geojson';
import { GRID_TYPES, type GridDetail } from './grid-types';
import { useSubmitGuard } from '../../components/use-submit-guard';

interface EditValues {
  name: string;
  type: string;
  households: number;
  population: number;
}

/** 编辑网格: name, type, households, population and, from a file, a new boundary. */
export function EditGridModal({
  grid,
  onClose,
  onSaved,
}: {
  grid: GridDetail | null;
  onClose: () => void;
  onSaved: (grid: GridDetail) => void;
}) {
  const [form] = Form.useForm<EditValues>();
  const { busy: saving, guard } = useSubmitGuard();
  const [boundary, setBoundary] = useState<{ file: string; geometry: GeoPolygon } | null>(null);
  const [boundaryError, setBoundaryError] = useState<string | null>(null);
  const { run } = useNotify();

  const readBoundary = (file: File) => {
    const reader = new FileReader();
    reader.onload = () => {
      try {
        const features = parseGeoJson(String(reader.result ?? ''));
        if (features.length !== 1) throw new Error(`文件须只含一个要素，实际 ${features.length} 个`);
        const [f] = features;
        if (!f.boundary) throw new Error(`边界无效：${f.boundaryProblem}`);
        setBoundary({ file: file.name, geometry: f.boundary });
        setBoundaryError(null);
      } catch (err) {
        setBoundary(null);
        setBoundaryError(err instanceof Error ? err.message : String(err));
      }
    };
    reader.readAsText(file, 'utf-8');
    return false;
  };

  const submit = guard(async () => {
    if (!grid) return;
    const values = await validated(form);
    if (!values) return;
    const patch: Partial<EditValues> & { boundary?: GeoPolygon } = {};
    if (values.name.trim() !== grid.name) patch.name = values.name.trim();
    if (values.type !== grid.type) patch.type = values.type;
    if (values.households !== grid.households) patch.households = values.households;
    if (values.population !== grid.population) patch.population = values.population;
    if (boundary) patch.boundary = boundary.geometry;
    if (Object.keys(patch).length === 0) return onClose();
    const saved = await run(api.patch<GridDetail>(`/grids/${grid.code}`, patch), '网格已保存');
    if (saved) onSaved(saved);
  });

  return (
    <Modal
      title={grid ? `编辑网格：${grid.name}` : ''}
      open={!!grid}
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      confirmLoading={saving}
      destroyOnHidden
      afterClose={() => {
        setBoundary(null);
        setBoundaryError(null);
      }}
    >
      {grid && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            name: grid.name,
            type: grid.type,
            households: grid.households,
            population: grid.population,
          }}
        >
          <Form.Item label="网格编码">
            <Typography.Text copyable>{grid.code}</Typography.Text>
          </Form.Item>
          <Form.Item
            name="name"
            label="网格名称"
            rules={[
              { required: true, whitespace: true, message: '请输入网格名称' },
              { max: 100, message: '最多 100 个字' },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="type" label="网格类型" rules={[{ required: true, message: '请选择网格类型' }]}>
            <Select options={GRID_TYPES.map((t) => ({ value: t, label: GRID_TYPE_LABEL[t] }))} />
          </Form.Item>
          <Space wrap size={16}>
            <Form.Item
              name="households"
              label="户数"
              extra="标准 300–500 户，超出允许但会标记"
              rules={[{ required: true, message: '请输入户数' }]}
            >
              <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="population" label="人口" rules={[{ required: true, message: '请输入人口' }]}>
              <InputNumber min={0} max={1000000} precision={0} style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.Item label="更换边界（可选）" extra="上传只含一个 Polygon/MultiPolygon 要素的 GeoJSON 文件">
            <Upload accept=".geojson,.json" beforeUpload={readBoundary} showUploadList={false} maxCount={1}>
              <Button icon={<UploadOutlined />}>选择文件</Button>
            </Upload>
            {boundary && (
              <Typography.Paragraph type="success" style={{ marginTop: 8, marginBottom: 0 }}>
                将使用 {boundary.file} 中的边界（{boundary.geometry.type}）
              </Typography.Paragraph>
            )}
            {boundaryError && <Alert type="error" showIcon style={{ marginTop: 8 }} title={boundaryError} />}
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** 撤销网格: it leaves the map and locating, stays readable, and its tickets keep its code. */
export function RetireGridModal({
  grid,
  onClose,
  onRetired,
}: {
  grid: GridDetail | null;
  onClose: () => void;
  onRetired: (grid: GridDetail) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const { busy: saving, guard } = useSubmitGuard();
  const { run } = useNotify();

  const submit = guard(async () => {
    if (!grid) return;
    const values = await validated(form);
    if (!values) return;
    const { reason } = values;
    const saved = await run(
      api.post<GridDetail>(`/grids/${grid.code}/retire`, { reason: reason.trim() }),
      `已撤销 ${grid.name}`,
    );
    if (saved) onRetired(saved);
  });

  return (
    <Modal
      title={grid ? `撤销网格：${grid.name}` : ''}
      open={!!grid}
      onCancel={onClose}
      onOk={submit}
      okText="确认撤销"
      okButtonProps={{ danger: true }}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="撤销后该网格不再参与定位和派单，且不能恢复；网格及其历史工单仍可查阅，工单保留原网格编码。"
      />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label="撤销原因"
          rules={[
            { required: true, whitespace: true, message: '请填写撤销原因' },
            { max: 500, message: '最多 500 个字' },
          ]}
        >
          <Input.TextArea rows={3} placeholder="如：小区拆迁，网格撤销" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
