import { Steps } from 'antd';
import { SIX_STEPS, STEP_REACHED } from '@gridflow/domain/six-steps';
import type { TimelineEvent } from '../api/types';
import { formatTime } from './ticket-bits';

/** The 六联单 progress for staff: the six step names, when each was done, where the ticket is. */
export function SixStepBar({ status, timeline }: { status: string; timeline: TimelineEvent[] }) {
  const lastAt = new Map<string, string>();
  for (const e of timeline) if (e.toStatus) lastAt.set(e.toStatus, e.at);
  const rejected = status === 'rejected';
  const before = rejected
    ? ([...timeline].reverse().find((e) => e.toStatus && e.toStatus !== 'rejected')?.toStatus ?? 'submitted')
    : status;
  const reached = STEP_REACHED[before] ?? 0;
  const done = status === 'archived';
  const current = done ? SIX_STEPS.length - 1 : reached + 1;
  return (
    // Focusable and named: a phone scrolls it sideways, so must a keyboard.
    <div data-testid="six-steps" role="region" tabIndex={0} aria-label="六联单进度" style={{ overflowX: 'auto' }}>
      <Steps
        size="small"
        responsive={false}
        current={current}
        status={rejected ? 'error' : done ? 'finish' : 'process'}
        // Wide enough for six names side by side; a phone scrolls the bar sideways.
        style={{ minWidth: 760 }}
        items={SIX_STEPS.map((step, i) => ({
          key: step.status,
          title: step.title,
          content: (
            <span data-step={step.status} style={{ fontSize: 12 }}>
              {i <= reached
                ? formatTime(lastAt.get(step.status))
                : i === current
                  ? rejected
                    ? '已退回'
                    : '进行中'
                  : ''}
            </span>
          ),
        }))}
      />
    </div>
  );
}
