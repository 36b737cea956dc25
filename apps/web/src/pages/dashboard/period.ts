import dayjs, { type Dayjs } from 'dayjs';

/** A statistics period: Asia/Shanghai days, inclusive (as the stats API reads from/to). */
export interface Period {
  from: string;
  to: string;
}

export const toPeriod = ([from, to]: [Dayjs, Dayjs]): Period => ({
  from: from.format('YYYY-MM-DD'),
  to: to.format('YYYY-MM-DD'),
});

export const thisMonth = (): [Dayjs, Dayjs] => [dayjs().startOf('month'), dayjs()];

export const daysOf = (p: Period) => dayjs(p.to).diff(dayjs(p.from), 'day') + 1;
