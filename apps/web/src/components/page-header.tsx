import { ReloadOutlined } from '@ant-design/icons';
import { Button, Flex, Space, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A console page's title (with a line on what it is for) and its 刷新 plus any further buttons. */
export function PageHeader({
  title,
  subtitle,
  onRefresh,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  onRefresh: () => void;
  children?: ReactNode;
}) {
  const heading = (
    <Typography.Title level={3} style={{ margin: 0 }}>
      {title}
    </Typography.Title>
  );
  return (
    <Flex justify="space-between" align="center" wrap gap={12}>
      {subtitle ? (
        <div>
          {heading}
          <Typography.Text type="secondary">{subtitle}</Typography.Text>
        </div>
      ) : (
        heading
      )}
      <Space wrap>
        <Button icon={<ReloadOutlined />} onClick={onRefresh}>
          刷新
        </Button>
        {children}
      </Space>
    </Flex>
  );
}
