import { App, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useCallback } from 'react';
import { api, ApiError, errorText } from '../../api/client';
import { ACTION_LABEL } from '../../api/labels';
import type { CatalogItem, Ticket } from '../../api/types';
import { useSubmitGuard } from '../../components/use-submit-guard';
import { newIdempotencyKey } from '../../api/idempotency-key';
import { useOutbox } from '../../offline/outbox-context';

/** What a modal on the ticket can do: the flow's actions plus asking for more time. */
export type ModalAction =
  | 'accept'
  | 'dispatch'
  | 'claim'
  | 'decline'
  | 'resolve'
  | 'verify'
  | 'archive'
  | 'reject'
  | 'escalate'
  | 'extension'
  | 'suspension';

export const EXTRA_LABEL = { extension: '申请延期', suspension: '申请挂起' } as const;

export const modalLabel = (action: ModalAction) =>
  action === 'extension' || action === 'suspension' ? EXTRA_LABEL[action] : ACTION_LABEL[action];

/** What every action's form gets, from the ticket page or a task card. */
export interface ActionModalProps {
  ticket: Ticket;
  /** the ticket's catalogue item (tier, department), when known */
  item?: CatalogItem;
  action: ModalAction;
  onClose: () => void;
  /** called after the action went through, or after a 409: the ticket is to be reloaded */
  onDone: () => void;
}

/** An optional text field: blank means "not given" (the API refuses empty strings). */
export const optional = (value: string | undefined | null) => (value && value.trim() ? value.trim() : undefined);

/** What a phone may record without signal and send later (docs/console.md, "Offline"). */
const OFFLINE_PATH = /^\/tickets\/([^/]+)\/(claim|comments)$/;

/**
 * Sends one ticket action. A 409 (someone else moved the ticket, or its state no longer allows
 * it) is shown and the ticket reloaded; the modal then closes, since its form no longer fits.
 * Other errors keep the modal open for a correction. Resolves true when the modal may close.
 * Without signal a claim or a comment is kept in the outbox (待发送); `ticketLabel` names the
 * ticket in its list.
 */
export function useTicketCall(onDone: () => void, ticketLabel = '工单') {
  const { message } = App.useApp();
  const { record } = useOutbox();
  return useCallback(
    async (path: string, body: object, success: string, offlinePhotos: Blob[] = []): Promise<boolean> => {
      try {
        // Photos taken without signal are not uploaded yet: the outbox sends them first.
        if (offlinePhotos.length) throw new ApiError(0, 'NETWORK', '');
        await api.post(path, body);
        message.success(success);
        onDone();
        return true;
      } catch (error) {
        const offline = OFFLINE_PATH.exec(path);
        if (offline && error instanceof ApiError && error.status === 0) {
          const text = (body as { text?: string }).text;
          await record({
            kind: offline[2] === 'claim' ? 'claim' : 'comment',
            ticketId: offline[1],
            summary: text ? `${ticketLabel}：${text.slice(0, 40)}` : ticketLabel,
            body: body as Record<string, unknown>,
            photos: offlinePhotos.length ? offlinePhotos : undefined,
            idempotencyKey: newIdempotencyKey(),
          });
          message.info('暂无网络，已保存为待发送，联网后自动发送', 6);
          return true;
        }
        message.error(errorText(error), 6);
        if (error instanceof ApiError && error.status === 409) {
          onDone();
          return true;
        }
        return false;
      }
    },
    [message, onDone, record, ticketLabel],
  );
}

/** A validated form in a modal whose submit button says 确定. `onSubmit` resolves true to close. */
export function ActionModal<V extends object>({
  title,
  onClose,
  onSubmit,
  initialValues,
  danger,
  children,
}: {
  title: string;
  onClose: () => void;
  onSubmit: (values: V, form: FormInstance<V>) => Promise<boolean>;
  initialValues?: Partial<V>;
  danger?: boolean;
  children: ReactNode;
}) {
  const [form] = Form.useForm<V>();
  const { busy, guard } = useSubmitGuard();
  const ok = guard(async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    if (await onSubmit(values, form)) onClose();
  });
  return (
    <Modal
      open
      title={title}
      okText="确定"
      cancelText="取消"
      okButtonProps={{ danger }}
      confirmLoading={busy}
      onOk={ok}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}
