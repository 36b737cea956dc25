import { TreeSelect } from 'antd';
import { useEffect, useMemo } from 'react';
import { ORG_LEVELS, type OrgLevel } from '@gridflow/domain/org-code';
import { useUser } from '../../auth/auth';
import { useOrgTree } from './use-org-tree';

type Value = string | string[] | undefined;

/**
 * An org unit picker over the admin's scope, loaded level by level. `selectable` limits which
 * levels may be chosen (grids only, communities only …); `deepest` stops the tree there.
 */
export function OrgTreeSelect({
  value,
  onChange,
  multiple,
  selectable = ORG_LEVELS,
  deepest = 'grid',
  placeholder = '选择组织单位',
  allowClear,
  style,
  id,
  ariaLabel,
}: {
  value?: Value;
  onChange?: (value: Value) => void;
  multiple?: boolean;
  selectable?: readonly OrgLevel[];
  deepest?: OrgLevel;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
  ariaLabel?: string;
}) {
  const user = useUser();
  const tree = useOrgTree(user.scopeCode);
  const depth = ORG_LEVELS.indexOf(deepest);
  const { reveal } = tree;

  // Codes chosen earlier (an edit form) need their branch loaded to show names, not digits.
  const wanted = (Array.isArray(value) ? value : value ? [value] : []).join();
  useEffect(() => {
    for (const code of wanted.split(',').filter(Boolean)) void reveal(code);
  }, [wanted, reveal]);

  const treeData = useMemo(
    () =>
      [...tree.nodes.values()]
        .filter((n) => ORG_LEVELS.indexOf(n.level) <= depth)
        .map((n) => ({
          id: n.code,
          pId: n.parentCode ?? undefined,
          value: n.code,
          title: `${n.name}（${n.code}）`,
          label: n.name,
          isLeaf: ORG_LEVELS.indexOf(n.level) >= depth,
          selectable: selectable.includes(n.level),
          checkable: selectable.includes(n.level),
        })),
    [tree.nodes, depth, selectable],
  );

  return (
    <TreeSelect
      id={id}
      aria-label={ariaLabel}
      value={value}
      onChange={(v: Value) => onChange?.(v)}
      multiple={multiple}
      treeDataSimpleMode
      treeData={treeData}
      loadData={(node) => tree.load(String(node.value))}
      treeLoadedKeys={tree.loadedKeys}
      treeNodeLabelProp="label"
      showSearch={{
        filterTreeNode: (input, node) => String(node.title ?? '').includes(input),
      }}
      treeDefaultExpandedKeys={[user.scopeCode]}
      placeholder={placeholder}
      allowClear={allowClear}
      style={{ width: '100%', ...style }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)' } } }}
      notFoundContent={tree.error ? '加载失败，请刷新重试' : '暂无数据'}
    />
  );
}
