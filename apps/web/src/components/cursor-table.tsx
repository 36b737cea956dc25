import { Card, Empty, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { ErrorAlert } from './feedback';
import { LoadMore } from './load-more';
import type { CursorList } from './use-cursor-list';

type CursorTableProps<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale'> & {
  list: CursorList<T>;
  /** what an empty list says */
  empty: ReactNode;
  /** the list's rows in another order (most urgent first …) */
  rows?: readonly T[];
  /** "已加载 N 条" beside 加载更多 */
  showCount?: boolean;
  /** the table in a card of its own (a page's main table), not inside the caller's */
  framed?: boolean;
};

/** A keyset-paged table: its load error with 重试, the rows, and 加载更多. */
export function CursorTable<T extends object>({
  list,
  empty,
  rows,
  showCount = false,
  framed = false,
  ...table
}: CursorTableProps<T>) {
  const body = (
    <Table<T>
      rowKey="id"
      dataSource={rows ?? list.items}
      loading={list.refreshing}
      pagination={false}
      locale={{ emptyText: <Empty description={empty} /> }}
      {...table}
    />
  );
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {framed ? <Card styles={{ body: { padding: 0 } }}>{body}</Card> : body}
      <LoadMore
        count={showCount ? list.items.length : undefined}
        hasMore={list.hasMore}
        loading={list.loading}
        onMore={list.loadMore}
      />
    </>
  );
}
