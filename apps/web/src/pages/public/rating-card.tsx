import { Alert, Button, Card, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { SATISFACTION_LABEL } from '../../api/labels';
import { formatTime } from '../../components/ticket-bits';
import { publicApi, publicErrorText, type TrackedTicket } from './public-api';
import { useSubmitGuard } from '../../components/use-submit-guard';
import { READABLE_GREY } from '../../theme';

interface RatingValues {
  satisfaction: string;
  comment?: string;
}

/**
 * 群众评价: the API takes one rating per request, for a set time after 督查兑单 (archived or not).
 * `onChanged` reloads the progress, which then carries the rating.
 */
export function RatingCard({
  code,
  ticket,
  onChanged,
}: {
  code: string;
  ticket: TrackedTicket;
  onChanged: () => void;
}) {
  const [notice, setNotice] = useState<string | null>(null);

  if (ticket.rating) {
    return (
      <Card title="我的评价">
        <Alert
          type="success"
          showIcon
          role="status"
          title={notice ?? '感谢您的评价！'}
          description={`您的评价：${SATISFACTION_LABEL[ticket.rating.satisfaction] ?? ticket.rating.satisfaction}（${formatTime(ticket.rating.at)}）`}
        />
      </Card>
    );
  }
  const openUntil = ticket.ratingOpenUntil ? new Date(ticket.ratingOpenUntil) : null;
  if (openUntil && openUntil.getTime() > Date.now()) {
    return (
      <Card title="评价办理结果" extra={`${formatTime(ticket.ratingOpenUntil)} 前可评价`}>
        {notice && <Alert type="warning" showIcon role="alert" title={notice} style={{ marginBottom: 12 }} />}
        <RatingForm
          code={code}
          onDone={(text) => {
            setNotice(text);
            onChanged();
          }}
        />
      </Card>
    );
  }
  if (ticket.status === 'archived' || ticket.status === 'verified') {
    return (
      <Card title="评价办理结果">
        <Alert type="info" showIcon title={notice ?? '评价期限已过，评价通道已关闭。'} />
      </Card>
    );
  }
  if (ticket.status === 'rejected') return null;
  return (
    <Card title="评价办理结果">
      <div style={{ color: READABLE_GREY }}>诉求办结并经督查核实后，您可以在这里对办理结果进行评价。</div>
    </Card>
  );
}

function RatingForm({ code, onDone }: { code: string; onDone: (notice: string) => void }) {
  const { busy, guard } = useSubmitGuard();
  const [error, setError] = useState<unknown>(null);

  const submit = guard(async (values: RatingValues) => {
    const comment = values.comment?.trim();
    setError(null);
    try {
      await publicApi.rate(code, { satisfaction: values.satisfaction, ...(comment ? { comment } : {}) });
      onDone('评价已提交，感谢您的反馈！');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STATE_CONFLICT') {
        // Rated from another phone, or archived meanwhile: the fresh progress says which.
        const fresh = await publicApi.track(code).catch(() => null);
        onDone(fresh?.rating ? '您已评价过，感谢您的反馈。' : '该诉求当前不能评价（评价须在督查核实后、归档前进行）。');
      } else {
        setError(e);
      }
    }
  });

  return (
    <Form<RatingValues> layout="vertical" size="large" onFinish={submit} requiredMark={false}>
      <Form.Item name="satisfaction" label="您对办理结果满意吗？" rules={[{ required: true, message: '请选择满意度' }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          aria-label="满意度"
          style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8, width: '100%' }}
          options={Object.entries(SATISFACTION_LABEL).map(([value, label]) => ({
            value,
            label,
            style: { textAlign: 'center', height: 48, lineHeight: '46px', borderRadius: 6, fontSize: 16 },
          }))}
        />
      </Form.Item>
      <Form.Item name="comment" label="意见建议（选填）" rules={[{ max: 500, message: '不能超过500字' }]}>
        <Input.TextArea
          rows={3}
          maxLength={500}
          showCount
          placeholder="说说您对办理结果的意见或建议"
          style={{ fontSize: 16 }}
        />
      </Form.Item>
      {error ? (
        <Alert type="error" showIcon role="alert" title={publicErrorText(error)} style={{ marginBottom: 12 }} />
      ) : null}
      <Button type="primary" htmlType="submit" block loading={busy} style={{ height: 48 }}>
        提交评价
      </Button>
    </Form>
  );
}
