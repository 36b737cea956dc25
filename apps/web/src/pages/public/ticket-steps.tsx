import { SIX_STEPS, STEP_REACHED } from '@gridflow/domain/six-steps';
import { Steps } from 'antd';
import type { TicketStatus } from '../../api/types';
import { formatTime } from '../../components/ticket-bits';
import type { TrackedTicket } from './public-api';

// The six steps and what each status has reached: libs/domain, shared with the staff pages.
const FLOW = SIX_STEPS;
const REACHED = STEP_REACHED as Partial<Record<TicketStatus, number>>;

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
