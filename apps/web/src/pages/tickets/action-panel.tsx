import { allowedActions, mayDispatchToDepartment, type TicketAction } from '@gridflow/domain/ticket-flow';
import { mayAskForTime } from '@gridflow/domain/time-requests';
import { Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import type { CatalogItem, Ticket, TimeRequest, User } from '../../api/types';
import { TicketActionModal } from './action-forms';
import { type ModalAction, modalLabel } from './action-modal';
import { activeSuspension } from './time-requests-card';

/** The flow's actions in the order a person looks for them; the side exits last. */
const ORDER = [
  'accept',
  'dispatch',
  'claim',
  'resolve',
  'verify',
  'archive',
  'decline',
  'reject',
  'escalate',
] as const satisfies readonly TicketAction[];
const DANGER = new Set<ModalAction>(['decline', 'reject', 'escalate']);

/**
 * What this user may do now: the state machine's `allowedActions(status, role, isAssignee)`, plus
 * 延期 and 挂起 where the API takes them (libs/domain/src/time-requests.ts).
 */
export function availableActions(ticket: Ticket, user: User, requests: TimeRequest[]): ModalAction[] {
  const isAssignee = ticket.assignee?.id === user.id;
  // 职能部门: a department's ticket has its own claim/decline rule; an admin hands escalated matters over.
  const department = ticket.department
    ? {
        departmentCode: ticket.department.code,
        assigneeId: ticket.assignee?.id ?? null,
        ofMyDepartment: user.departmentCode === ticket.department.code,
      }
    : undefined;
  const flow = allowedActions(ticket.status, user.role, isAssignee, department);
  if (!flow.includes('dispatch') && mayDispatchToDepartment(user, ticket)) flow.push('dispatch');
  // At city level there is nothing above to escalate to.
  const actions: ModalAction[] = ORDER.filter(
    (a) => flow.includes(a) && !(a === 'escalate' && ticket.level === 'city'),
  );
  const clockFree = !activeSuspension(requests) && !requests.some((r) => r.status === 'pending');
  // 延期/挂账: libs/domain's table says who may ask in which status (an extension only before the due time).
  const asking = { status: ticket.status, assigneeId: ticket.assignee?.id ?? null };
  if (clockFree && mayAskForTime('extension', asking, user) && ticket.dueAt && new Date(ticket.dueAt) > new Date())
    actions.push('extension');
  if (clockFree && mayAskForTime('suspension', asking, user)) actions.push('suspension');
  return actions;
}

/** The action buttons (full width, stacked: thumb-sized on a phone) and the form each opens. */
export function ActionPanel({
  ticket,
  item,
  user,
  requests,
  onDone,
}: {
  ticket: Ticket;
  item?: CatalogItem;
  user: User;
  requests: TimeRequest[];
  onDone: () => void;
}) {
  const [open, setOpen] = useState<ModalAction | null>(null);
  const actions = availableActions(ticket, user, requests);
  return (
    <Card size="small" title="办理" data-testid="action-panel">
      {actions.length === 0 ? (
        <Typography.Text type="secondary">当前状态下您没有可执行的操作。</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          {actions.map((a, i) => (
            <Button
              key={a}
              block
              size="large"
              type={i === 0 && !DANGER.has(a) ? 'primary' : 'default'}
              danger={DANGER.has(a)}
              onClick={() => setOpen(a)}
            >
              {a === 'claim' && ticket.department ? '接单' : modalLabel(a)}
            </Button>
          ))}
        </Flex>
      )}
      {open && (
        <TicketActionModal ticket={ticket} item={item} action={open} onClose={() => setOpen(null)} onDone={onDone} />
      )}
    </Card>
  );
}
