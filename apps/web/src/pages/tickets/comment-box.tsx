import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { PhotoUpload } from '../../components/attachments';
import { useTicketCall } from './action-modal';
import { useSubmitGuard } from '../../components/use-submit-guard';

/** 备注: a note (and photos) on the timeline; anyone in scope, on any ticket not yet archived. */
export function CommentBox({
  ticketId,
  ticketLabel,
  onDone,
}: {
  ticketId: string;
  ticketLabel?: string;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ text: string }>();
  const [photos, setPhotos] = useState<string[]>([]);
  const [offlinePhotos, setOfflinePhotos] = useState<File[]>([]);
  const [round, setRound] = useState(0);
  const { busy, guard } = useSubmitGuard();
  const call = useTicketCall(onDone, ticketLabel);
  const submit = guard(async (v: { text: string }) => {
    const sent = await call(
      `/tickets/${ticketId}/comments`,
      { text: v.text.trim(), attachmentIds: photos.length ? photos : undefined },
      '备注已添加',
      offlinePhotos,
    );
    if (sent) {
      form.resetFields();
      setPhotos([]);
      setOfflinePhotos([]);
      setRound((r) => r + 1);
    }
  });
  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid="comment-form">
      <Form.Item
        name="text"
        label="添加备注"
        rules={[
          { required: true, whitespace: true, message: '请填写备注内容' },
          { max: 2000, message: '备注不超过 2000 字' },
        ]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder="办理过程中的情况说明，将记入时间线" />
      </Form.Item>
      <Form.Item>
        <PhotoUpload key={round} onChange={setPhotos} onOffline={setOfflinePhotos} />
      </Form.Item>
      <Button htmlType="submit" loading={busy} block>
        提交备注
      </Button>
    </Form>
  );
}
