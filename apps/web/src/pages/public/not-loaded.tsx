import { Alert, Button, Card, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import type { Loaded } from '../../components/use-api';
import { isNotFound, publicErrorText } from './public-api';

/** A public page whose data is not there yet: loading, not found (`notFound`), or an error with 重试. */
export function NotLoaded({
  loaded: { loading, error, reload },
  notFound,
}: {
  loaded: Pick<Loaded<unknown>, 'loading' | 'error' | 'reload'>;
  notFound: ReactNode;
}) {
  if (loading)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  if (isNotFound(error)) return <>{notFound}</>;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={publicErrorText(error)}
      action={
        <Button size="large" onClick={reload}>
          重试
        </Button>
      }
    />
  );
}
