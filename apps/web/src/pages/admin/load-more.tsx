import { Button } from 'antd';

/** The "more" button under a keyset-paginated table. */
export function LoadMore({ hasMore, loading, onClick }: { hasMore: boolean; loading: boolean; onClick: () => void }) {
  if (!hasMore) return null;
  return (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button onClick={onClick} loading={loading}>
        加载更多
      </Button>
    </div>
  );
}
