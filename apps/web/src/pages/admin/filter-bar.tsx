import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row } from 'antd';
import type { ReactNode } from 'react';
import { OrgTreeSelect } from './org-tree-select';

/** The card above an admin list: its filters (Cols) and, on the right, the 新增 button. */
export function FilterBar({
  children,
  addText,
  onAdd,
  addMd,
}: {
  children: ReactNode;
  addText: string;
  onAdd: () => void;
  /** the add button's md span: what the filters leave of the 24 */
  addMd: number;
}) {
  return (
    <Card style={{ marginBottom: 16 }}>
      <Row gutter={[12, 12]} align="middle">
        {children}
        <Col xs={24} md={addMd} style={{ textAlign: 'right' }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={onAdd}>
            {addText}
          </Button>
        </Col>
      </Row>
    </Card>
  );
}

/** 按网格筛选: one grid from the org tree, or all. */
export function GridTreeFilter({ value, onChange }: { value?: string; onChange: (code: string | undefined) => void }) {
  return (
    <OrgTreeSelect
      ariaLabel="按网格筛选"
      value={value}
      onChange={(v) => onChange(v ? String(v) : undefined)}
      selectable={['grid']}
      placeholder="按网格筛选"
      allowClear
    />
  );
}
