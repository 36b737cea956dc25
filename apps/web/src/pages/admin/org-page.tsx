import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { CODE_LENGTH, ORG_LEVELS, type OrgLevel } from '@gridflow/domain/org-code';
import { api, ApiError, errorText } from '../../api/client';
import { LEVEL_LABEL } from '../../api/labels';
import type { OrgUnit } from '../../api/types';
import { useUser } from '../../auth/auth';
import { ErrorAlert, useNotify } from '../../components/feedback';
import { validated } from './form-utils';
import { useApi } from '../../components/use-api';
import { LinkButton } from './link-button';
import { forgetOrgName } from './use-org-names';
import { type OrgNode, useOrgTree } from './use-org-tree';
import { useSubmitGuard } from '../../components/use-submit-guard';

interface OrgUnitDetail extends OrgUnit {
  partyOrgName?: string | null;
}

interface TreeItem {
  key: string;
  title: React.ReactNode;
  isLeaf: boolean;
  children?: TreeItem[];
}

const LEVEL_COLOR: Record<OrgLevel, string> = {
  city: 'red',
  county: 'volcano',
  township: 'orange',
  community: 'blue',
  grid: 'green',
};

/** The level a unit's children have; null for grids (leaves). */
function childLevelOf(level: OrgLevel): OrgLevel | null {
  const i = ORG_LEVELS.indexOf(level);
  return i < ORG_LEVELS.length - 1 ? ORG_LEVELS[i + 1] : null;
}

/** 组织架构: the org tree of the admin's scope, one unit's card, new sub-units and renames. */
export function AdminOrgPage() {
  const user = useUser();
  const tree = useOrgTree(user.scopeCode);
  const [selected, setSelected] = useState(user.scopeCode);
  const [expanded, setExpanded] = useState<string[]>([user.scopeCode]);

  const treeData = useMemo(() => {
    const build = (n: OrgNode): TreeItem => ({
      key: n.code,
      title: (
        <span data-org-code={n.code}>
          {n.name}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {n.code}
          </Typography.Text>
        </span>
      ),
      isLeaf: n.level === 'grid',
      children: n.loaded ? tree.childrenOf(n.code).map(build) : undefined,
    });
    return tree.root ? [build(tree.root)] : [];
  }, [tree]);

  /** Selects a unit and opens the tree down to it. */
  const select = (code: string) => {
    setSelected(code);
    void tree.reveal(code);
    const ancestors = [4, 6, 9, 12]
      .filter((n) => n >= user.scopeCode.length && n < code.length)
      .map((n) => code.slice(0, n));
    setExpanded((keys) => [...new Set([...keys, ...ancestors])]);
  };

  const refreshed = (code: string) => {
    forgetOrgName(code);
    void tree.load(code).catch(() => undefined);
  };

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        组织架构
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <OrgSearch onPick={select} />
          <Card
            title="组织树"
            extra={
              <Button
                size="small"
                icon={<ReloadOutlined />}
                onClick={() => void tree.load(user.scopeCode).catch(() => undefined)}
              >
                刷新
              </Button>
            }
          >
            <ErrorAlert error={tree.error} onRetry={() => void tree.load(user.scopeCode).catch(() => undefined)} />
            {!tree.root && !tree.error ? (
              <Spin style={{ display: 'block', margin: '24px auto' }} />
            ) : (
              <div style={{ overflowX: 'auto' }}>
                <Tree
                  treeData={treeData}
                  loadData={(node) => tree.load(String(node.key)).then(() => undefined)}
                  loadedKeys={tree.loadedKeys}
                  expandedKeys={expanded}
                  onExpand={(keys) => setExpanded(keys.map(String))}
                  selectedKeys={[selected]}
                  onSelect={(keys) => keys.length > 0 && setSelected(String(keys[0]))}
                  showLine
                  blockNode
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <UnitCard
            code={selected}
            onSelect={select}
            onChanged={(code, childAdded) => {
              refreshed(code);
              if (childAdded) setExpanded((keys) => [...new Set([...keys, code])]);
            }}
            onRemoved={(parentCode) => {
              setSelected(parentCode);
              refreshed(parentCode);
            }}
          />
        </Col>
      </Row>
    </div>
  );
}

interface SearchHit {
  code: string;
  name: string;
  level: OrgLevel;
}

/** 查找组织: any unit in scope by name or code, asked of the server (the tree loads lazily). */
function OrgSearch({ onPick }: { onPick: (code: string) => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const needle = q.trim();
    if (!needle) {
      setHits([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .get<{ items: SearchHit[] }>(`/org-units?q=${encodeURIComponent(needle.slice(0, 50))}`)
        .then((r) => live && setHits(r.items))
        .catch(() => live && setHits([]))
        .finally(() => live && setLoading(false));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
      value={null}
      placeholder="按名称或编码查找组织"
      aria-label="查找组织"
      style={{ width: '100%', marginBottom: 12 }}
      loading={loading}
      notFoundContent={q.trim() ? loading ? <Spin size="small" /> : '未找到' : null}
      options={hits.map((h) => ({ value: h.code, label: `${h.name}（${LEVEL_LABEL[h.level]} ${h.code}）` }))}
      onSelect={(code) => {
        setQ('');
        if (code) onPick(code);
      }}
    />
  );
}

function UnitCard({
  code,
  onSelect,
  onChanged,
  onRemoved,
}: {
  code: string;
  onSelect: (code: string) => void;
  /** `code` changed (renamed, or got a new child when `childAdded`) */
  onChanged: (code: string, childAdded?: boolean) => void;
  /** the unit was removed; its parent is `parentCode` */
  onRemoved: (parentCode: string) => void;
}) {
  const user = useUser();
  const { run } = useNotify();
  const unit = useApi(() => api.get<OrgUnitDetail>(`/org-units/${code}`), [code]);
  const [renaming, setRenaming] = useState(false);
  const [adding, setAdding] = useState(false);
  const u = unit.data?.code === code ? unit.data : undefined;
  const level = u?.level as OrgLevel | undefined;
  const childLevel = level ? childLevelOf(level) : null;

  if (unit.error && !u) return <ErrorAlert error={unit.error} onRetry={unit.reload} />;
  if (!u || !level) {
    return (
      <Card>
        <Spin style={{ display: 'block', margin: '24px auto' }} />
      </Card>
    );
  }

  return (
    <Card
      title={
        <Space wrap>
          <span>{u.name}</span>
          <Tag color={LEVEL_COLOR[level]}>{LEVEL_LABEL[level]}</Tag>
        </Space>
      }
      extra={
        <Space wrap>
          <Button onClick={() => setRenaming(true)}>重命名</Button>
          {level !== 'grid' && u.children.length === 0 && u.code !== user.scopeCode && u.parentCode && (
            <Popconfirm
              title={`删除${LEVEL_LABEL[level]}“${u.name}”？`}
              description="仅能删除没有下级、网格、用户和工单的空单位，删除后不可恢复。"
              okText="删除"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={async () => {
                const parent = u.parentCode!;
                const ok = await run(
                  api.delete(`/org-units/${u.code}`).then(() => true),
                  `已删除：${u.name}`,
                );
                if (ok) {
                  forgetOrgName(u.code);
                  onRemoved(parent);
                }
              }}
            >
              <Button danger icon={<DeleteOutlined />}>
                删除
              </Button>
            </Popconfirm>
          )}
          {childLevel && childLevel !== 'grid' && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              新增下级
            </Button>
          )}
        </Space>
      }
      loading={unit.loading && !u}
      data-testid="org-unit-card"
    >
      <Descriptions
        column={{ xs: 1, sm: 2 }}
        size="small"
        items={[
          { key: 'code', label: '统一编码', children: <Typography.Text copyable>{u.code}</Typography.Text> },
          { key: 'level', label: '层级', children: LEVEL_LABEL[level] },
          { key: 'name', label: '名称', children: u.name },
          { key: 'party', label: '党组织', children: u.partyOrgName || '—' },
          {
            key: 'parent',
            label: '上级单位',
            children: u.parentCode ? (
              <LinkButton onClick={() => onSelect(u.parentCode!)}>{u.parentCode}</LinkButton>
            ) : (
              '—（市级为根）'
            ),
          },
          { key: 'children', label: '下级单位', children: `${u.children.length} 个` },
        ]}
      />

      {level === 'community' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          村（社区）的下级是网格，网格连同边界在
          <Link to={`/admin/grids?community=${u.code}`}>网格地图</Link>中新建或导入（GeoJSON）。
        </Typography.Paragraph>
      )}
      {level === 'grid' && (
        <Space style={{ marginTop: 12 }} wrap>
          <Link to={`/admin/grids?community=${u.parentCode}`}>在网格地图中查看</Link>
          <a href={`/sign-board/${u.code}`} target="_blank" rel="noopener noreferrer">
            网格公示牌
          </a>
        </Space>
      )}

      {level !== 'grid' && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            下级单位
          </Typography.Title>
          <Table
            rowKey="code"
            size="small"
            dataSource={u.children}
            pagination={u.children.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description="暂无下级单位" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
            columns={[
              { title: '统一编码', dataIndex: 'code' },
              {
                title: '名称',
                dataIndex: 'name',
                render: (name: string, row) => <LinkButton onClick={() => onSelect(row.code)}>{name}</LinkButton>,
              },
              {
                title: '层级',
                dataIndex: 'level',
                render: (l: OrgLevel) => <Tag color={LEVEL_COLOR[l]}>{LEVEL_LABEL[l] ?? l}</Tag>,
              },
            ]}
          />
        </>
      )}

      <RenameModal
        open={renaming}
        unit={u}
        onClose={() => setRenaming(false)}
        onDone={() => {
          setRenaming(false);
          unit.reload();
          onChanged(u.code);
        }}
      />
      {childLevel && (
        <AddChildModal
          open={adding}
          parent={u}
          childLevel={childLevel}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            unit.reload();
            onChanged(u.code, true);
          }}
        />
      )}
    </Card>
  );
}

function RenameModal({
  open,
  unit,
  onClose,
  onDone,
}: {
  open: boolean;
  unit: OrgUnitDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ name: string; partyOrgName: string }>();
  const { busy: saving, guard } = useSubmitGuard();
  const { run } = useNotify();

  const submit = guard(async () => {
    const values = await validated(form);
    if (!values) return;
    const body: { name?: string; partyOrgName?: string } = {};
    if (values.name !== unit.name) body.name = values.name;
    if (values.partyOrgName && values.partyOrgName !== unit.partyOrgName) body.partyOrgName = values.partyOrgName;
    if (!body.name && !body.partyOrgName) return onClose();
    const ok = await run(api.patch(`/org-units/${unit.code}`, body), '已保存');
    if (ok) onDone();
  });

  return (
    <Modal
      title={`重命名：${unit.name}`}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: unit.name, partyOrgName: unit.partyOrgName ?? '' }}
        preserve={false}
      >
        <Form.Item
          name="name"
          label="名称"
          rules={[
            { required: true, whitespace: true, message: '请输入名称' },
            { max: 100, message: '最多 100 个字' },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="partyOrgName" label="党组织名称" rules={[{ max: 100, message: '最多 100 个字' }]}>
          <Input placeholder="如：和平社区党支部" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AddChildModal({
  open,
  parent,
  childLevel,
  onClose,
  onDone,
}: {
  open: boolean;
  parent: OrgUnitDetail;
  childLevel: OrgLevel;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ suffix: string; name: string; partyOrgName?: string }>();
  const { busy: saving, guard } = useSubmitGuard();
  const { run } = useNotify();
  const digits = CODE_LENGTH[childLevel] - parent.code.length;
  const taken = new Set(parent.children.map((c) => c.code));
  const nextFree = () => {
    for (let i = 1; i < 10 ** digits; i++) {
      const s = String(i).padStart(digits, '0');
      if (!taken.has(parent.code + s)) return s;
    }
    return '';
  };

  const submit = guard(async () => {
    const values = await validated(form);
    if (!values) return;
    const body: { code: string; name: string; partyOrgName?: string } = {
      code: parent.code + values.suffix,
      name: values.name.trim(),
    };
    if (values.partyOrgName?.trim()) body.partyOrgName = values.partyOrgName.trim();
    const created = api.post('/org-units', body).catch((error: unknown) => {
      // Someone created this code a moment ago: say so next to the field, as well as in the toast.
      if (error instanceof ApiError && error.code === 'ALREADY_EXISTS') {
        form.setFields([{ name: 'suffix', errors: [errorText(error)] }]);
      }
      throw error;
    });
    const ok = await run(created, `已新增${LEVEL_LABEL[childLevel]}：${body.name}`);
    if (ok) onDone();
  });

  return (
    <Modal
      title={`在「${parent.name}」下新增${LEVEL_LABEL[childLevel]}`}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="新增"
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ suffix: open ? nextFree() : '' }}>
        <Form.Item
          name="suffix"
          label="统一编码"
          extra={`${LEVEL_LABEL[childLevel]}编码共 ${CODE_LENGTH[childLevel]} 位：上级编码 ${parent.code} 加 ${digits} 位顺序号`}
          rules={[
            { required: true, message: `请输入 ${digits} 位顺序号` },
            { pattern: new RegExp(`^\\d{${digits}}$`), message: `须为 ${digits} 位数字` },
            {
              validator: (_, v: string) =>
                v && taken.has(parent.code + v) ? Promise.reject(new Error('该编码已存在')) : Promise.resolve(),
            },
          ]}
        >
          <Input
            prefix={<Typography.Text type="secondary">{parent.code}</Typography.Text>}
            maxLength={digits}
            inputMode="numeric"
            aria-label="顺序号"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label="名称"
          rules={[
            { required: true, whitespace: true, message: '请输入名称' },
            { max: 100, message: '最多 100 个字' },
          ]}
        >
          <Input placeholder={childLevel === 'township' ? '如：新建南路街道' : '如：和平社区'} />
        </Form.Item>
        <Form.Item
          name="partyOrgName"
          label="党组织名称（可选）"
          extra="不填则按层级自动命名：乡镇（街道）党委、村（社区）党支部"
          rules={[{ max: 100, message: '最多 100 个字' }]}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
