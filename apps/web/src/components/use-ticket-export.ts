import dayjs from 'dayjs';
import { useState } from 'react';
import { api, type Query } from '../api/client';
import { useNotify } from './feedback';

/** The export endpoint takes at most 366 days (libs/tickets EXPORT_MAX_DAYS). */
const EXPORT_MAX_DAYS = 366;

/** 导出 Excel (GET /tickets/export.xlsx) of the tickets filed from `from` to `to` (YYYY-MM-DD, inclusive). */
export function useTicketExport() {
  const notify = useNotify();
  const [exporting, setExporting] = useState(false);

  const exportTickets = async (from: string, to: string, filters: Query = {}) => {
    if (dayjs(to).diff(dayjs(from), 'day') + 1 > EXPORT_MAX_DAYS) {
      notify.error(new Error(`工单导出的时段最长 ${EXPORT_MAX_DAYS} 天，请缩短时段`));
      return;
    }
    setExporting(true);
    await notify.run(
      api.download('/tickets/export.xlsx', { ...filters, from, to }, `工单导出-${from}至${to}.xlsx`),
      '已开始下载',
    );
    setExporting(false);
  };

  return { exporting, exportTickets };
}
