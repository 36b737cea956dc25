import { isValidPhone } from '@gridflow/domain/phone';
import { WORKER_TYPE_LABEL } from '../../api/labels';

/** An item of GET /workers (libs/org WorkersService). */
export interface WorkerSummary {
  id: string;
  name: string;
  phone: string;
  type: string;
  partyMember: boolean;
  active: boolean;
  createdAt: string;
  grids: { gridCode: string; microGridName: string | null }[];
}

/** GET /workers/:id */
export interface WorkerDetail extends WorkerSummary {
  userId: string | null;
  trainings: { id: string; title: string; heldOn: string; hours: number }[];
  honours: { id: string; title: string; awardedOn: string; awardedBy: string | null }[];
  liaisonHouseholds: { id: string; gridCode: string; address: string; householder: string | null }[];
}

/** GET /police-pairings item */
export interface PolicePairing {
  id: string;
  kind: 'urban' | 'rural';
  /** "1+2+N" / "1+N" with the numbers filled in */
  label: string;
  gridCodes: string[];
  officer: { name: string; phone: string };
  workerIds: string[];
  volunteers: { name: string; phone?: string }[];
  createdAt: string;
}

export const WORKER_TYPES = ['full_time', 'part_time', 'assistant', 'micro'] as const;

export const WORKER_TYPE_OPTIONS = WORKER_TYPES.map((t) => ({ value: t, label: WORKER_TYPE_LABEL[t] }));

export const WORKER_TYPE_COLOR: Record<string, string> = {
  full_time: 'red',
  part_time: 'volcano',
  assistant: 'blue',
  micro: 'cyan',
};

/** The API's phone rule (apps/api common/validators IsPhone): a mobile or a landline. */
/** Checked as normalised (libs/domain normalizePhone: spaces, dashes, +86 dropped), like the API does. */
export const PHONE_RULE = {
  validator: (_: unknown, value?: string) =>
    !value || isValidPhone(value)
      ? Promise.resolve()
      : Promise.reject(new Error('请输入 11 位手机号或带区号的固定电话')),
};

export const PAIRING_KIND_LABEL: Record<string, string> = {
  urban: '城市警网（1+2+N）',
  rural: '农村警网（1+N）',
};
