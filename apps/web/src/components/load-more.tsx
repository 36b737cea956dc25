import { Button, Flex, Typography } from 'antd';

/**
 * The footer of a keyset-paged list: 加载更多 while there are more, and how many are shown when
 * given `count` (without it the footer is only the button).
 */
export function LoadMore({
  count,
  hasMore,
  loading,
  onMore,
}: {
  count?: number;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  if (count === undefined && !hasMore) return null;
  return (
    <Flex justify="center" align="center" gap={12} style={{ marginTop: 12 }}>
      {count !== undefined && <Typography.Text type="secondary">已加载 {count} 条</Typography.Text>}
      {hasMore && (
        <Button onClick={onMore} loading={loading}>
          加载更多
        </Button>
      )}
    </Flex>
  );
}
