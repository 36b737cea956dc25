import { Button, Flex, Typography } from 'antd';

/** The footer of a keyset-paged table: how many are shown, and 加载更多 while there are more. */
export function LoadMore({
  count,
  hasMore,
  loading,
  onMore,
}: {
  count: number;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  return (
    <Flex justify="center" align="center" gap={12} style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">已加载 {count} 条</Typography.Text>
      {hasMore && (
        <Button onClick={onMore} loading={loading}>
          加载更多
        </Button>
      )}
    </Flex>
  );
}
