/**
 * The six steps of the 六联单 and the words for a ticket's status, one vocabulary for the
 * residents' tracking page, the staff ticket pages, status tags and the export.
 */
export const SIX_STEPS = [
  { status: 'submitted', title: '群众点单', waiting: '' },
  { status: 'accepted', title: '网格接单', waiting: '等待网格员接单' },
  { status: 'dispatched', title: '村社派单', waiting: '等待村（社区）派单' },
  { status: 'claimed', title: '党员接单', waiting: '等待办理人员接单' },
  { status: 'verified', title: '督查兑单', waiting: '等待督查核实' },
  { status: 'archived', title: '归档销单', waiting: '等待归档' },
] as const;

/** Index in SIX_STEPS of the last step a status has completed (resolved still waits for 督查兑单). */
export const STEP_REACHED: Readonly<Record<string, number>> = {
  submitted: 0,
  accepted: 1,
  dispatched: 2,
  claimed: 3,
  resolved: 3,
  verified: 4,
  archived: 5,
};

/**
 * A status in the step names: what the ticket waits for (待 + the next step), or that it is
 * done. The same words on every tag, list, export and the six-step bar.
 */
export const STATUS_LABEL: Readonly<Record<string, string>> = {
  submitted: '待网格接单',
  accepted: '待村社派单',
  dispatched: '待党员接单',
  claimed: '党员办理中',
  resolved: '待督查兑单',
  verified: '待归档销单',
  archived: '已归档销单',
  rejected: '已退回',
};

export const statusLabel = (status: string): string => STATUS_LABEL[status] ?? status;
