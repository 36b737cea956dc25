import { Steps } from 'antd';
import type { TicketStatus } from '../../api/types';
import { formatTime } from '../../components/ticket-bits';
import type { TrackedTicket } from './public-api';

/** The six steps of the 六联单 as a resident sees them, each with the status that completes it. */
const FLOW: { status: TicketStatus; title: string; waiting: string }[] = [
  { status: 'submitted', title: '群众点单', waiting: '' },
  { status: 'accepted', title: '网格接单', waiting: '等待网格员接单' },
  { status: 'dispatched', title: '村社派单', waiting: '等待村（社区）派单' },
  { status: 'claimed', title: '党员接单', waiting: '等待办理人员接单' },
  { status: 'verified', title: '督查兑单', waiting: '等待督查核实' },
  { status: 'archived', title: '归档销单', waiting: '等待归档' },
];

/** How many steps a status has completed, minus one (resolved still waits for 督查兑单). */
const REACHED: Partial<Record<TicketStatus, number>> = {
  submitted: 0,
  accepted: 1,
  dispatched: 2,
  claimed: 3,
  resolved: 3,
  verified: 4,
  archived: 5,
};

const FINISHED = new Set<TicketStatus>(['resolved', 'verified', 'archived']);

export function TicketSteps({ ticket }: { ticket: TrackedTicket }) {
  // The last time each status was entered: after a rework or a declined task a step is done again.
  const lastAt = new Map<string, string>();
  for (const s of ticket.steps) lastAt.set(s.status, s.at);

  const rejected = ticket.status === 'rejected';
  const before = rejected ? [...ticket.steps].reverse().find((s) => s.status !== 'rejected')?.status : ticket.status;
  const reached = REACHED[before ?? 'submitted'] ?? 0;
  const done = ticket.status === 'archived';
  const current = done ? FLOW.length - 1 : reached + 1;

  return (
    <Steps
      orientation="vertical"
      current={current}
      status={rejected ? 'error' : done ? 'finish' : 'process'}
      items={FLOW.map((step, i) => {
        const at = i <= reached ? lastAt.get(step.status) : undefined;
        const resolvedAt =
          step.status === 'claimed' && before && FINISHED.has(before) ? lastAt.get('resolved') : undefined;
        let content: React.ReactNode = null;
        if (at) content = formatTime(at);
        else if (i === current && rejected) content = `已退回 ${formatTime(lastAt.get('rejected'))}`;
        else if (i === current) content = step.waiting;
        return {
          key: step.status,
          title: step.title,
          content: (
            <div data-step={step.status}>
              {content}
              {resolvedAt && <div>办结 {formatTime(resolvedAt)}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
