import { Form, Input, Typography, App } from 'antd';
import { allowedActions } from '@gridflow/domain/ticket-flow';
import { api, errorText } from '../../api/client';
import type { Ticket } from '../../api/types';
import { useUser } from '../../auth/auth';
import { useApi } from '../../components/use-api';
import { ActionModal, optional } from '../tickets/action-modal';
import { AssigneeFields } from '../tickets/dispatch-modal';
import type { DispatchCandidate, DispatchSuggestions } from '../tickets/ticket-types';
import { type BatchOutcome, mapLimited, useBatchSender } from './batch-api';

type Picked = Pick<Ticket, 'id' | 'number' | 'status'>;

interface BatchModalProps {
  tickets: Picked[];
  onClose: () => void;
  /** the batch was answered: its results, to show and to reload the list */
  onDone: (outcome: BatchOutcome) => void;
}

const numbersOf = (tickets: Picked[]) => Object.fromEntries(tickets.map((t) => [t.id, t.number]));

/**
 * Who can take every one of `lists`' tickets: the dispatch suggestions of each ticket follow the
 * one eligibility rule (isEligibleHandler), so their intersection is that rule for the whole
 * selection. In the first ticket's ranking.
 */
export function commonCandidates(lists: DispatchSuggestions[]): DispatchCandidate[] {
  if (lists.length === 0) return [];
  const [first, ...rest] = lists;
  return first.candidates.filter((c) => rest.every((l) => l.candidates.some((o) => o.userId === c.userId)));
}

/** 批量派单: one assignee, chosen once among those who may take every selected ticket. */
export function BatchDispatchModal({ tickets, onClose, onDone }: BatchModalProps) {
  const user = useUser();
  const { message } = App.useApp();
  const send = useBatchSender();
  const dispatchable = tickets.filter((t) => allowedActions(t.status, user.role, false).includes('dispatch'));
  const ids = dispatchable.map((t) => t.id).join(',');
  const suggestions = useApi(
    () =>
      mapLimited(dispatchable, 4, (t) => api.get<DispatchSuggestions>(`/tickets/${t.id}/dispatch-suggestions`)).then(
        commonCandidates,
      ),
    [ids],
  );
  const candidates = suggestions.data ?? [];
  const skipped = tickets.length - dispatchable.length;

  return (
    <ActionModal<{ assigneeId: string; comment?: string }>
      title={`批量派单（${tickets.length} 件）`}
      onClose={onClose}
      onSubmit={async (v) => {
        try {
          const results = await send(
            'dispatch',
            tickets.map((t) => t.id),
            { assigneeId: v.assigneeId, comment: optional(v.comment) },
          );
          onDone({ title: '批量派单', results, numbers: numbersOf(tickets) });
          return true;
        } catch (error) {
          message.error(errorText(error), 6);
          return false;
        }
      }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        只列出能办理全部所选工单的党员、网格员（与单件派单同一规则），按第一件工单的推荐顺序。
        {skipped > 0 && ` 其中 ${skipped} 件不是待派单状态，将不会派出。`}
      </Typography.Paragraph>
      <AssigneeFields
        candidates={candidates}
        loading={suggestions.loading && !suggestions.data}
        error={suggestions.error}
        onRetry={suggestions.reload}
        empty="没有能办理全部所选工单的人员，请减少选择"
      />
    </ActionModal>
  );
}

/** 批量归档: the selected verified tickets archived, each on its own. */
export function BatchArchiveModal({ tickets, onClose, onDone }: BatchModalProps) {
  const { message } = App.useApp();
  const send = useBatchSender();
  return (
    <ActionModal<{ comment?: string }>
      title={`批量归档销单（${tickets.length} 件）`}
      onClose={onClose}
      onSubmit={async (v) => {
        try {
          const results = await send(
            'archive',
            tickets.map((t) => t.id),
            { comment: optional(v.comment) },
          );
          onDone({ title: '批量归档', results, numbers: numbersOf(tickets) });
          return true;
        } catch (error) {
          message.error(errorText(error), 6);
          return false;
        }
      }}
    >
      <Typography.Paragraph>
        归档后工单只读，不能再修改。确认将所选 {tickets.length} 件工单归档销单？
      </Typography.Paragraph>
      <Form.Item name="comment" label="归档说明" rules={[{ max: 2000, message: '不超过 2000 字' }]}>
        <Input.TextArea rows={2} maxLength={2000} placeholder="选填" />
      </Form.Item>
    </ActionModal>
  );
}
