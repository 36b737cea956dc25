import { Alert, App, Button } from 'antd';
import { useCallback } from 'react';
import { errorText } from '../api/client';

/** An API error as a readable block, with a retry button when given one. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorText(error)}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        )
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/** Toasts for actions: `run(promise, '已接单')` shows success or the API's error. */
export function useNotify() {
  const { message } = App.useApp();
  const run = useCallback(
    async <T,>(work: Promise<T>, success?: string): Promise<T | undefined> => {
      try {
        const result = await work;
        if (success) message.success(success);
        return result;
      } catch (error) {
        message.error(errorText(error), 6);
        return undefined;
      }
    },
    [message],
  );
  return {
    run,
    error: (error: unknown) => message.error(errorText(error), 6),
    success: (text: string) => message.success(text),
  };
}
