import { LEVEL_LABEL, type NotifyingEvent, type OrgLevel } from '@gridflow/domain';

/** Which events notify whom is data in libs/domain (NOTIFICATION_RULES); the words are here. */
export { isNotifyingEvent, NOTIFYING_EVENTS, type NotifyingEvent } from '@gridflow/domain';

/** What a notification says about its ticket. */
export interface EventFacts {
  type: NotifyingEvent;
  /** the ticket number (YYYYMMDD + 6 digits) */
  number: string;
  itemName: string | null;
  description: string;
  /** the ticket's level after the event */
  level: OrgLevel;
  /** the timeline event's data and comment */
  data: Record<string, unknown>;
  comment?: string | null;
}

const SATISFACTION_LABEL: Record<string, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  neutral: '一般',
  dissatisfied: '不满意',
};

const EXCERPT = 60;

function excerpt(text: string) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}

const levelLabel = (level: unknown) => LEVEL_LABEL[level as OrgLevel] ?? String(level);

/** Title and body (Chinese, user-facing) of the notification an event produces. */
export function notificationText(f: EventFacts): { title: string; body: string } {
  const head = `工单 ${f.number}${f.itemName ? `（${f.itemName}）` : ''}`;
  switch (f.type) {
    case 'filed':
      return { title: '网格新工单', body: `${head}：${excerpt(f.description)}` };
    case 'dispatched':
      return { title: '您有新派单', body: `${head}已派给您，请及时接单：${excerpt(f.description)}` };
    case 'accepted':
      return { title: '工单待派单', body: `${head}已接单，请派单：${excerpt(f.description)}` };
    case 'declined':
      return {
        title: '工单退单待派',
        body: `${head}被办理人退回${f.data.reason ? `：${String(f.data.reason)}` : ''}，请重新派单`,
      };
    case 'resolved':
      return { title: '工单待督查', body: `${head}已办结，请督查兑单：${excerpt(f.description)}` };
    case 'auto_dispatched':
      return {
        title: '您有新派单',
        body: `${head}无人派单，系统按推荐自动派给您，请及时接单：${excerpt(f.description)}`,
      };
    case 'warning':
      return { title: '工单临近超时（黄灯）', body: `${head}当前环节已用去 80% 时限，请尽快办理` };
    case 'overdue':
      return { title: '工单已超期（红灯）', body: `${head}已超期，已在${levelLabel(f.level)}级，无法再升级` };
    case 'escalated': {
      const to = levelLabel(f.data.toLevel ?? f.level);
      const body = f.data.manual
        ? `${head}报大事，已升级至${to}${f.data.reason ? `：${String(f.data.reason)}` : ''}`
        : `${head}超期未办，已第 ${Number(f.data.n ?? 1)} 次升级至${to}督办`;
      return { title: '工单已升级督办', body };
    }
    case 'rework':
      return {
        title: '工单需返工',
        body: `${head}督查未通过，请返工${f.data.callbackNote ? `：${String(f.data.callbackNote)}` : ''}`,
      };
    case 'rated': {
      const label = SATISFACTION_LABEL[String(f.data.satisfaction)] ?? String(f.data.satisfaction ?? '');
      const said = f.comment ? `，“${excerpt(f.comment)}”` : '';
      return { title: '群众评价已到', body: `${head}群众评价：${label}${said}` };
    }
    case 'located':
      return { title: '网格新工单（已定位）', body: `${head}已定位到本网格：${excerpt(f.description)}` };
  }
}

/** The SMS a resident gets (filed: the tracking code; verified: the result). WARNING: kinds are persisted (sms_message.kind). */
export const SMS_KINDS = ['filed', 'verified'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

export interface SmsFacts {
  kind: SmsKind;
  number: string;
  trackingCode: string;
  itemName: string | null;
  /** where the resident follows the ticket: PUBLIC_BASE_URL/t/<tracking code> */
  trackingUrl: string;
}

/** The text of a resident's SMS, without the sign name (the provider adds 【SMS_SIGN_NAME】). */
export function smsText(f: SmsFacts): string {
  const what = f.itemName ? `（${f.itemName}）` : '';
  switch (f.kind) {
    case 'filed':
      return `您的诉求${what}已受理，查询码 ${f.trackingCode}，进度查询：${f.trackingUrl}`;
    case 'verified':
      return `您的诉求${what}（查询码 ${f.trackingCode}）已办结并经督查核实，欢迎评价：${f.trackingUrl}`;
  }
}
