import { ReloadOutlined } from '@ant-design/icons';
import { departmentCovers } from '@gridflow/domain/departments';
import { allowedActions, mayDispatchToDepartment } from '@gridflow/domain/ticket-flow';
import { Button, Empty, Flex, Form, Input, Radio, Segmented, Select, Skeleton, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { api } from '../../api/client';
import { ROLE_LABEL } from '../../api/labels';
import type { CatalogItem, Department, Ticket } from '../../api/types';
import { useUser } from '../../auth/auth';
import { ErrorAlert } from '../../components/feedback';
import { formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import type { ActionModalProps } from './action-modal';
import { ActionModal, optional, useTicketCall } from './action-modal';
import type { DispatchCandidate, DispatchSuggestions } from './ticket-types';

const GROUP_LABEL: Record<DispatchCandidate['group'], { text: string; color: string }> = {
  1: { text: '党员联系户', color: 'red' },
  2: { text: '本网格', color: 'blue' },
  3: { text: '本社区', color: 'default' },
};

/**
 * 派单: to a person — the ranked candidates (GET /tickets/:id/dispatch-suggestions) with why each
 * is suggested — or, for a matter escalated to the township or above (报大事), to a department
 * (职能部门), by default the one the catalogue item names. Which of the two the caller may do is
 * libs/domain's flow table.
 */
export function DispatchModal(props: ActionModalProps) {
  const user = useUser();
  const { ticket } = props;
  const toPerson = allowedActions(ticket.status, user.role, false).includes('dispatch');
  const toDepartment = mayDispatchToDepartment(user, ticket);
  const [mode, setMode] = useState<'person' | 'department'>(toDepartment ? 'department' : 'person');
  const choice =
    toPerson && toDepartment ? (
      <Segmented
        block
        style={{ marginBottom: 16 }}
        value={mode}
        onChange={(v) => setMode(v as 'person' | 'department')}
        options={[
          { value: 'department', label: '派给职能部门' },
          { value: 'person', label: '派给个人' },
        ]}
      />
    ) : null;
  return mode === 'department' ? (
    <DepartmentDispatch {...props} choice={choice} />
  ) : (
    <PersonDispatch {...props} choice={choice} />
  );
}

/** The departments that may take this ticket: enabled, of its county or city; the nearest first. */
function departmentsFor(ticket: Ticket, all: Department[]) {
  return all
    .filter((d) => !d.disabled && ticket.gridCode !== null && departmentCovers(d.code, ticket.gridCode))
    .sort((a, b) => b.parentCode.length - a.parentCode.length || a.code.localeCompare(b.code));
}

/** The department the catalogue item names (matter_item.department is a name), if one takes the ticket. */
export function defaultDepartment(ticket: Ticket, item: CatalogItem | undefined, all: Department[]) {
  return departmentsFor(ticket, all).find((d) => d.name === item?.department)?.code;
}

function DepartmentDispatch({ ticket, item, onClose, onDone, choice }: ActionModalProps & { choice: ReactNode }) {
  const call = useTicketCall(onDone);
  const departments = useApi(() => api.get<{ items: Department[] }>('/departments'), []);
  const options = departmentsFor(ticket, departments.data?.items ?? []);
  const initial = defaultDepartment(ticket, item, departments.data?.items ?? []);
  const nameOf = (code: string) => options.find((d) => d.code === code)?.name ?? code;
  return (
    <ActionModal<{ departmentCode: string; comment?: string }>
      title="派给职能部门"
      onClose={onClose}
      onSubmit={(v) =>
        call(
          `/tickets/${ticket.id}/dispatch`,
          { departmentCode: v.departmentCode, comment: optional(v.comment) },
          `已派给 ${nameOf(v.departmentCode)}`,
        )
      }
    >
      {choice}
      <Typography.Paragraph type="secondary">
        报大事：本工单已上报至{ticket.level === 'township' ? '乡镇（街道）' : '县（区）或市'}，可交由职能部门办理
        {item?.department ? `；事项「${item.name}」的责任部门是 ${item.department}` : ''}。
      </Typography.Paragraph>
      <ErrorAlert error={departments.error} onRetry={departments.reload} />
      {departments.loading && !departments.data ? (
        <Skeleton active />
      ) : (
        <Form.Item
          name="departmentCode"
          label="职能部门"
          initialValue={initial}
          rules={[{ required: true, message: '请选择职能部门' }]}
        >
          {options.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本县（区）暂无可派的职能部门" />
          ) : (
            <Select
              aria-label="职能部门"
              showSearch
              optionFilterProp="label"
              options={options.map((d) => ({ value: d.code, label: d.name }))}
            />
          )}
        </Form.Item>
      )}
      <Form.Item name="comment" label="派单说明" rules={[{ max: 2000, message: '不超过 2000 字' }]}>
        <Input.TextArea rows={2} maxLength={2000} placeholder="选填" />
      </Form.Item>
    </ActionModal>
  );
}

/** 村社派单 to a person. */
function PersonDispatch({ ticket, onClose, onDone, choice }: ActionModalProps & { choice: ReactNode }) {
  const call = useTicketCall(onDone);
  const suggestions = useApi(
    () => api.get<DispatchSuggestions>(`/tickets/${ticket.id}/dispatch-suggestions`),
    [ticket.id],
  );
  const candidates = suggestions.data?.candidates ?? [];
  const nameOf = (id: string) => candidates.find((c) => c.userId === id)?.displayName ?? '';

  return (
    <ActionModal<{ assigneeId: string; comment?: string }>
      title="村社派单"
      onClose={onClose}
      onSubmit={(v) =>
        call(
          `/tickets/${ticket.id}/dispatch`,
          { assigneeId: v.assigneeId, comment: optional(v.comment) },
          `已派单给 ${nameOf(v.assigneeId)}`,
        )
      }
    >
      {choice}
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">
          推荐顺序：党员联系户 → 本网格 → 本社区，同组内在办工单少者优先
          {suggestions.data && `（${formatTime(suggestions.data.computedAt)} 计算）`}
        </Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} onClick={suggestions.reload} aria-label="刷新推荐" />
      </Flex>
      <AssigneeFields
        candidates={candidates}
        loading={suggestions.loading && !suggestions.data}
        error={suggestions.error}
        onRetry={suggestions.reload}
        empty="本社区暂无可派的党员或网格员"
      />
    </ActionModal>
  );
}

/**
 * The fields of a dispatch to a person, for one ticket or a batch: the ranked candidates to
 * choose the 办理人 from and the optional 派单说明.
 */
export function AssigneeFields(props: {
  candidates: DispatchCandidate[];
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  /** what to say when no one can take it */
  empty: string;
}) {
  const { candidates, loading, error, onRetry, empty } = props;
  return (
    <>
      <ErrorAlert error={error} onRetry={onRetry} />
      {loading ? (
        <Skeleton active />
      ) : (
        <Form.Item name="assigneeId" label="办理人" rules={[{ required: true, message: '请选择办理人' }]}>
          {candidates.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
          ) : (
            <Radio.Group style={{ width: '100%' }}>
              <Flex vertical gap={8} style={{ maxHeight: 320, overflowY: 'auto' }}>
                {candidates.map((c, i) => (
                  <CandidateOption key={c.userId} candidate={c} rank={i + 1} />
                ))}
              </Flex>
            </Radio.Group>
          )}
        </Form.Item>
      )}
      <Form.Item name="comment" label="派单说明" rules={[{ max: 2000, message: '不超过 2000 字' }]}>
        <Input.TextArea rows={2} maxLength={2000} placeholder="选填" />
      </Form.Item>
    </>
  );
}

function CandidateOption({ candidate: c, rank }: { candidate: DispatchCandidate; rank: number }) {
  const group = GROUP_LABEL[c.group];
  return (
    <Radio
      value={c.userId}
      data-candidate-id={c.userId}
      style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8, marginInlineEnd: 0, width: '100%' }}
    >
      <Flex vertical gap={2}>
        <span>
          <Typography.Text type="secondary">#{rank} </Typography.Text>
          <Typography.Text strong>{c.displayName}</Typography.Text>
          <Typography.Text type="secondary">（{ROLE_LABEL[c.role] ?? c.role}）</Typography.Text>
        </span>
        <Flex gap={4} wrap>
          <Tag color={group.color}>{group.text}</Tag>
          <Tag>在办 {c.openLoad} 件</Tag>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.reasons.join('；')}
        </Typography.Text>
      </Flex>
    </Radio>
  );
}
