import { isUuid } from '@gridflow/domain/ids';
import { MAX_EXTENSION_DAYS } from '@gridflow/domain/time-requests';
import { Alert, App, Checkbox, DatePicker, Flex, Form, Input, Radio, Select, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { REJECT_REASON_LABEL, SATISFACTION_LABEL, STATUS_LABEL, TIER_LABEL } from '../../api/labels';
import type { Page, Ticket } from '../../api/types';
import { PhotoUpload } from '../../components/attachments';
import { formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { ActionModal, type ActionModalProps, optional, useTicketCall } from './action-modal';
import { DispatchModal } from './dispatch-modal';
import { PhoneLink } from '../../components/phone-link';

const MAX_TEXT = 2000;
const textRules = (what: string, required = true) => [
  ...(required ? [{ required: true, whitespace: true, message: `请填写${what}` }] : []),
  { max: MAX_TEXT, message: `${what}不超过 ${MAX_TEXT} 字` },
];
const CommentField = ({ label = '说明' }: { label?: string }) => (
  <Form.Item name="comment" label={label} rules={textRules(label, false)}>
    <Input.TextArea rows={3} maxLength={MAX_TEXT} placeholder="选填" />
  </Form.Item>
);

/** The form of one action, opened from the ticket page or a task card. */
export function TicketActionModal(props: ActionModalProps) {
  switch (props.action) {
    case 'accept':
      return <AcceptModal {...props} />;
    case 'dispatch':
      return <DispatchModal {...props} />;
    case 'claim':
      return <SimpleModal {...props} action="claim" success="已认领" />;
    case 'archive':
      return <SimpleModal {...props} action="archive" success="已归档销单" />;
    case 'decline':
      return <DeclineModal {...props} />;
    case 'resolve':
      return <ResolveModal {...props} />;
    case 'verify':
      return <VerifyModal {...props} />;
    case 'reject':
      return <RejectModal {...props} />;
    case 'escalate':
      return <EscalateModal {...props} />;
    case 'extension':
      return <ExtensionModal {...props} />;
    case 'suspension':
      return <SuspensionModal {...props} />;
  }
}

function AcceptModal({ ticket, item, onClose, onDone }: ActionModalProps) {
  const call = useTicketCall(onDone);
  const gridTier = item?.tier === 'grid';
  return (
    <ActionModal<{ comment?: string; handleSelf?: boolean }>
      title="网格接单"
      onClose={onClose}
      onSubmit={(v) =>
        call(
          `/tickets/${ticket.id}/accept`,
          { comment: optional(v.comment), handleSelf: gridTier && v.handleSelf ? true : undefined },
          v.handleSelf ? '已接单，由本人办理' : '已接单',
        )
      }
    >
      {item && (
        <Typography.Paragraph type="secondary">
          事项：{item.name}（{TIER_LABEL[item.tier]}）
        </Typography.Paragraph>
      )}
      {gridTier ? (
        <Form.Item name="handleSelf" valuePropName="checked">
          <Checkbox>自办（办小事：本网格直接办理，不再派单）</Checkbox>
        </Form.Item>
      ) : (
        item && (
          <Alert
            type="info"
            showIcon
            title="此事项须上报处置（报大事），接单后由村社派单，不能由网格自办。"
            style={{ marginBottom: 16 }}
          />
        )
      )}
      <CommentField />
    </ActionModal>
  );
}

function SimpleModal({
  ticket,
  action,
  success,
  onClose,
  onDone,
}: ActionModalProps & { action: 'claim' | 'archive'; success: string }) {
  const call = useTicketCall(onDone, `工单 ${ticket.number}`);
  return (
    <ActionModal<{ comment?: string }>
      title={action === 'claim' ? '认领工单（党员接单）' : '归档销单'}
      onClose={onClose}
      onSubmit={(v) => call(`/tickets/${ticket.id}/${action}`, { comment: optional(v.comment) }, success)}
    >
      {action === 'archive' && (
        <Typography.Paragraph type="secondary">归档后工单只读，时间线将封存并可做完整性校验。</Typography.Paragraph>
      )}
      <CommentField />
    </ActionModal>
  );
}

function DeclineModal({ ticket, onClose, onDone }: ActionModalProps) {
  const call = useTicketCall(onDone);
  return (
    <ActionModal<{ reason: string }>
      title="退单"
      danger
      onClose={onClose}
      onSubmit={(v) => call(`/tickets/${ticket.id}/decline`, { reason: v.reason.trim() }, '已退单，等待重新派单')}
    >
      <Typography.Paragraph type="secondary">退单后工单回到村社，由派单员重新派单。</Typography.Paragraph>
      <Form.Item name="reason" label="退单原因" rules={textRules('退单原因')}>
        <Input.TextArea rows={3} maxLength={MAX_TEXT} placeholder="例如：不在本人联系范围" />
      </Form.Item>
    </ActionModal>
  );
}

function ResolveModal({ ticket, onClose, onDone }: ActionModalProps) {
  const call = useTicketCall(onDone);
  const [photos, setPhotos] = useState<string[]>([]);
  return (
    <ActionModal<{ result: string }>
      title="办结"
      onClose={onClose}
      onSubmit={(v) =>
        call(
          `/tickets/${ticket.id}/resolve`,
          { result: v.result.trim(), attachmentIds: photos.length ? photos : undefined },
          '已办结，等待督查兑单',
        )
      }
    >
      <Form.Item name="result" label="办理结果" rules={textRules('办理结果')}>
        <Input.TextArea rows={4} maxLength={MAX_TEXT} showCount placeholder="例如：已协调物业维修，漏水已停止" />
      </Form.Item>
      <Form.Item label="现场照片" extra="最多 6 张，JPEG/PNG/WebP 或 PDF，每个不超过 10 MB">
        <PhotoUpload onChange={setPhotos} />
      </Form.Item>
    </ActionModal>
  );
}

interface VerifyValues {
  outcome: 'pass' | 'rework';
  callbackReached: boolean;
  satisfaction?: string;
  callbackNote?: string;
  comment?: string;
}

function VerifyModal({ ticket, onClose, onDone }: ActionModalProps) {
  const call = useTicketCall(onDone);
  return (
    <ActionModal<VerifyValues>
      title="督查兑单（回访）"
      onClose={onClose}
      // Never pre-ticked: the supervisor says whether the call reached the resident.
      initialValues={{ callbackReached: false }}
      onSubmit={(v) =>
        call(
          `/tickets/${ticket.id}/verify`,
          {
            outcome: v.outcome,
            callbackReached: v.callbackReached,
            satisfaction: v.callbackReached ? v.satisfaction : undefined,
            callbackNote: optional(v.callbackNote),
            comment: optional(v.comment),
          },
          v.outcome === 'pass' ? '督查通过' : '已退回返工',
        )
      }
    >
      <Form.Item name="outcome" label="督查结论" rules={[{ required: true, message: '请选择督查结论' }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'pass', label: '通过' },
            { value: 'rework', label: '返工' },
          ]}
        />
      </Form.Item>
      <Form.Item label="回访电话">
        <PhoneLink phone={ticket.reporter?.phone} empty="（群众未留电话）" />
      </Form.Item>
      <Form.Item name="callbackReached" valuePropName="checked">
        <Checkbox>已电话回访到群众</Checkbox>
      </Form.Item>
      <Form.Item noStyle dependencies={['callbackReached']}>
        {({ getFieldValue }) => (
          <Form.Item
            name="satisfaction"
            label="群众满意度"
            extra={getFieldValue('callbackReached') ? undefined : '未回访到群众时不记录满意度'}
            rules={getFieldValue('callbackReached') ? [{ required: true, message: '已回访到群众，请选择满意度' }] : []}
          >
            <Select
              allowClear
              disabled={!getFieldValue('callbackReached')}
              placeholder="选择回访得到的满意度"
              options={Object.entries(SATISFACTION_LABEL).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        )}
      </Form.Item>
      <Form.Item name="callbackNote" label="回访记录" rules={textRules('回访记录', false)}>
        <Input.TextArea rows={2} maxLength={MAX_TEXT} placeholder="选填，例如：电话回访，群众表示满意" />
      </Form.Item>
      <Form.Item noStyle dependencies={['outcome']}>
        {({ getFieldValue }) => (
          <Form.Item
            name="comment"
            label={getFieldValue('outcome') === 'rework' ? '返工意见' : '督查意见'}
            rules={[{ max: MAX_TEXT, message: `不超过 ${MAX_TEXT} 字` }]}
          >
            <Input.TextArea rows={2} maxLength={MAX_TEXT} placeholder="选填" />
          </Form.Item>
        )}
      </Form.Item>
    </ActionModal>
  );
}

interface RejectValues {
  reason: keyof typeof REJECT_REASON_LABEL;
  comment: string;
  duplicateOf?: string;
  department?: string;
}

function RejectModal({ ticket, item, onClose, onDone }: ActionModalProps) {
  const call = useTicketCall(onDone);
  return (
    <ActionModal<RejectValues>
      title="退回工单"
      danger
      onClose={onClose}
      initialValues={{ department: item?.department }}
      onSubmit={(v) =>
        call(
          `/tickets/${ticket.id}/reject`,
          {
            reason: v.reason,
            comment: v.comment.trim(),
            duplicateOf: v.reason === 'duplicate' ? v.duplicateOf : undefined,
            department: v.reason === 'transferred' ? v.department?.trim() : undefined,
          },
          '已退回',
        )
      }
    >
      <Form.Item name="reason" label="退回原因" rules={[{ required: true, message: '请选择退回原因' }]}>
        <Select
          placeholder="选择退回原因"
          options={Object.entries(REJECT_REASON_LABEL).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['reason']}>
        {({ getFieldValue }) =>
          getFieldValue('reason') === 'duplicate' ? (
            <Form.Item
              name="duplicateOf"
              label="与哪张工单重复"
              rules={[{ required: true, message: '请选择或输入原工单' }]}
              extra="可按编号或描述搜索同类工单，也可粘贴原工单的 ID"
            >
              <DuplicateOfSelect ticket={ticket} />
            </Form.Item>
          ) : getFieldValue('reason') === 'transferred' ? (
            <Form.Item
              name="department"
              label="转办部门"
              rules={[
                { required: true, whitespace: true, message: '请填写转办部门' },
                { max: 100, message: '不超过 100 字' },
              ]}
            >
              <Input maxLength={100} placeholder="例如：住建局" />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item name="comment" label="说明" rules={textRules('说明')}>
        <Input.TextArea rows={3} maxLength={MAX_TEXT} placeholder="例如：不属于网格事项，已告知群众拨打12345" />
      </Form.Item>
    </ActionModal>
  );
}

/** The original of a duplicate: tickets of the same item in scope, searchable by number, or a pasted id. */
function DuplicateOfSelect({
  ticket,
  value,
  onChange,
}: {
  ticket: Ticket;
  value?: string;
  onChange?: (value: string) => void;
}) {
  const same = useApi(
    () => api.get<Page<Ticket>>('/tickets', { itemCode: ticket.itemCode, limit: 100 }),
    [ticket.itemCode],
  );
  const [typed, setTyped] = useState('');
  const options = useMemo(() => {
    const list = (same.data?.items ?? [])
      .filter((t) => t.id !== ticket.id)
      .map((t) => ({
        value: t.id,
        label: `${t.number} · ${STATUS_LABEL[t.status] ?? t.status} · ${t.description.slice(0, 30)}`,
      }));
    const pasted = typed.trim();
    if (isUuid(pasted) && pasted !== ticket.id && !list.some((o) => o.value === pasted))
      list.unshift({ value: pasted.toLowerCase(), label: `按 ID：${pasted}` });
    return list;
  }, [same.data, typed, ticket.id]);
  return (
    <Select
      value={value}
      onChange={onChange}
      loading={same.loading}
      placeholder="搜索工单编号或描述"
      showSearch={{ optionFilterProp: 'label', onSearch: setTyped }}
      options={options}
      notFoundContent={same.loading ? '加载中…' : '没有匹配的工单；可粘贴原工单 ID'}
    />
  );
}

function EscalateModal({ ticket, onClose, onDone }: ActionModalProps) {
  const call = useTicketCall(onDone);
  const { modal } = App.useApp();
  const confirm = () =>
    new Promise<boolean>((resolve) =>
      modal.confirm({
        title: '确认上报？',
        content: '工单将上报到上一级，由上级派单员和督查员督办。',
        okText: '确认上报',
        cancelText: '再想想',
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      }),
    );
  return (
    <ActionModal<{ reason: string }>
      title="报大事（上报）"
      danger
      onClose={onClose}
      onSubmit={async (v) =>
        (await confirm()) && call(`/tickets/${ticket.id}/escalate`, { reason: v.reason.trim() }, '已上报')
      }
    >
      <Form.Item name="reason" label="上报原因" rules={textRules('上报原因')}>
        <Input.TextArea rows={3} maxLength={MAX_TEXT} placeholder="例如：涉及多户燃气管道，网格无法处置" />
      </Form.Item>
    </ActionModal>
  );
}

function ExtensionModal({ ticket, onClose, onDone }: ActionModalProps) {
  const call = useTicketCall(onDone);
  const currentDue = ticket.dueAt ? dayjs(ticket.dueAt) : null;
  const latest = dayjs().add(MAX_EXTENSION_DAYS, 'day');
  return (
    <ActionModal<{ reason: string; requestedDueAt: Dayjs }>
      title="申请延期"
      onClose={onClose}
      onSubmit={(v) =>
        call(
          `/tickets/${ticket.id}/extension-requests`,
          { reason: v.reason.trim(), requestedDueAt: v.requestedDueAt.toISOString() },
          '延期申请已提交，等待督查员审批',
        )
      }
    >
      <Typography.Paragraph type="secondary">当前时限：{formatTime(ticket.dueAt)}</Typography.Paragraph>
      <Form.Item
        name="requestedDueAt"
        label="申请延至"
        rules={[
          { required: true, message: '请选择新的时限' },
          {
            validator: (_, v: Dayjs | undefined) => {
              if (!v) return Promise.resolve();
              if (currentDue && !v.isAfter(currentDue)) return Promise.reject(new Error('须晚于当前时限'));
              if (v.isAfter(latest)) return Promise.reject(new Error(`最长可延至 ${MAX_EXTENSION_DAYS} 天内`));
              return Promise.resolve();
            },
          },
        ]}
      >
        <DateTimeInput disabledDate={(d) => d.isBefore(currentDue ?? dayjs(), 'day') || d.isAfter(latest, 'day')} />
      </Form.Item>
      <Form.Item name="reason" label="延期原因" rules={textRules('延期原因')}>
        <Input.TextArea rows={3} maxLength={MAX_TEXT} placeholder="例如：需等待供热公司上门检修，预计下周完成" />
      </Form.Item>
    </ActionModal>
  );
}

/**
 * A date and a time as two pickers: one panel with both is wider than a phone (375 px) and
 * its calendar would be cut off.
 */
function DateTimeInput({
  value,
  onChange,
  disabledDate,
}: {
  value?: Dayjs;
  onChange?: (value: Dayjs | undefined) => void;
  disabledDate: (d: Dayjs) => boolean;
}) {
  const [day, setDay] = useState<Dayjs | null>(value ?? null);
  const [time, setTime] = useState<Dayjs | null>(value ?? null);
  // Half a choice is not yet an answer: no "required" error while the time is still to be picked.
  const emit = (d: Dayjs | null, t: Dayjs | null) => {
    if (d && t) onChange?.(d.hour(t.hour()).minute(t.minute()).second(0).millisecond(0));
    else if (value) onChange?.(undefined);
  };
  return (
    <Flex gap={8}>
      <DatePicker
        value={day}
        placeholder="日期"
        inputReadOnly
        disabledDate={disabledDate}
        style={{ flex: 3 }}
        onChange={(d) => {
          setDay(d);
          emit(d, time);
        }}
      />
      <TimePicker
        value={time}
        placeholder="时间"
        format="HH:mm"
        minuteStep={5}
        inputReadOnly
        needConfirm={false}
        style={{ flex: 2 }}
        onChange={(t) => {
          setTime(t);
          emit(day, t);
        }}
      />
    </Flex>
  );
}

function SuspensionModal({ ticket, onClose, onDone }: ActionModalProps) {
  const call = useTicketCall(onDone);
  return (
    <ActionModal<{ reason: string }>
      title="申请挂起（挂账）"
      onClose={onClose}
      onSubmit={(v) =>
        call(`/tickets/${ticket.id}/suspension-requests`, { reason: v.reason.trim() }, '挂起申请已提交，等待督查员审批')
      }
    >
      <Typography.Paragraph type="secondary">挂起获批后暂停计时，恢复后按剩余时间继续计时。</Typography.Paragraph>
      <Form.Item name="reason" label="挂起原因" rules={textRules('挂起原因')}>
        <Input.TextArea rows={3} maxLength={MAX_TEXT} placeholder="例如：等待法院判决结果" />
      </Form.Item>
    </ActionModal>
  );
}
