import { CloseOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Typography } from 'antd';
import type { TableRowSelection } from 'antd/es/table/interface';
import {
  type HTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useNavigate } from 'react-router';
import { BATCH_MAX_TICKETS, type BatchOutcome, refusalText } from './batch-api';

type Row = { id: string; number: string };

/**
 * Ticked rows of a ticket table. Only rows still listed count as selected: after a reload the
 * tickets that left the list (dispatched, archived) drop out of the selection by themselves.
 */
export function useTicketSelection<T extends Row>(rows: readonly T[]) {
  const [keys, setKeys] = useState<string[]>([]);
  const selected = useMemo(() => rows.filter((r) => keys.includes(r.id)), [rows, keys]);
  const rowSelection: TableRowSelection<T> = {
    selectedRowKeys: selected.map((t) => t.id),
    onChange: (next) => setKeys(next.map(String)),
    columnWidth: 44,
    getCheckboxProps: (t) => ({ 'aria-label': `选择工单 ${t.number}` }) as object,
    columnTitle: (checkbox) => <SelectAll>{checkbox}</SelectAll>,
  };
  const clear = useCallback(() => setKeys([]), []);
  return { selected, rowSelection, clear };
}

/**
 * The select-all checkbox. antd also renders every column title into a hidden row that measures
 * widths (aria-hidden): that copy is taken out of the tab order, or a keyboard would reach a
 * control nobody sees (axe aria-hidden-focus).
 */
function SelectAll({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const span = ref.current;
    if (!span?.closest('[aria-hidden="true"]')) return;
    span.setAttribute('inert', '');
    span.querySelectorAll('input').forEach((input) => (input.tabIndex = -1));
  });
  return <span ref={ref}>{children}</span>;
}

/** A click on a control inside the row (its checkbox, a link, a button, the expander) is the control's. */
function fromControl(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest(
      'a, button, input, label, select, textarea, [role="button"], [role="checkbox"], .ant-table-selection-column, .ant-table-row-expand-icon-cell',
    ) !== null
  );
}

/**
 * The whole row opens the ticket: a click anywhere but on a control, or Enter on the focused
 * row (each row is in the tab order). Selecting text in a row does not navigate.
 */
export function useOpenTicketRow() {
  const navigate = useNavigate();
  return useCallback(
    (t: { id: string }) =>
      ({
        'data-ticket-id': t.id,
        tabIndex: 0,
        className: 'ticket-row-open',
        style: { cursor: 'pointer' },
        onClick: (e: MouseEvent<HTMLElement>) => {
          if (fromControl(e.target) || window.getSelection()?.toString()) return;
          navigate(`/tickets/${t.id}`);
        },
        onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
          if (e.key !== 'Enter' || e.target !== e.currentTarget) return;
          e.preventDefault();
          navigate(`/tickets/${t.id}`);
        },
      }) as HTMLAttributes<HTMLElement>,
    [navigate],
  );
}

/** The bar over a table with a selection: how many, the batch buttons, 清除选择. */
export function BatchBar({ count, onClear, children }: { count: number; onClear: () => void; children: ReactNode }) {
  if (count === 0) return null;
  const tooMany = count > BATCH_MAX_TICKETS;
  return (
    <Flex
      role="toolbar"
      aria-label="批量操作"
      wrap
      gap={8}
      align="center"
      style={{ marginBottom: 12, padding: '8px 12px', background: '#e6f4ff', borderRadius: 6 }}
    >
      <Typography.Text strong data-testid="selected-count">
        已选 {count} 件
      </Typography.Text>
      {tooMany ? (
        <Typography.Text type="danger">一次最多 {BATCH_MAX_TICKETS} 件，请减少选择</Typography.Text>
      ) : (
        children
      )}
      <Button size="small" type="text" icon={<CloseOutlined />} onClick={onClear}>
        清除选择
      </Button>
    </Flex>
  );
}

/** What a batch did, in plain words: 成功 n 件, then each failure with its number and reason. */
export function BatchOutcomeAlert({ outcome, onClose }: { outcome: BatchOutcome | null; onClose: () => void }) {
  if (!outcome) return null;
  const ok = outcome.results.filter((r) => r.status === 200).length;
  const failed = outcome.results.filter((r) => r.status !== 200);
  return (
    <Alert
      data-testid="batch-outcome"
      type={failed.length === 0 ? 'success' : ok === 0 ? 'error' : 'warning'}
      showIcon
      closable={{ onClose, 'aria-label': '关闭' }}
      style={{ marginBottom: 12 }}
      title={`${outcome.title}：成功 ${ok} 件${failed.length ? `，未成功 ${failed.length} 件` : ''}`}
      description={
        failed.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {failed.map((r) => (
              <li key={r.id} data-failed-ticket={r.id}>
                工单 {outcome.numbers[r.id] ?? r.id}：{refusalText(r)}
              </li>
            ))}
          </ul>
        )
      }
    />
  );
}
