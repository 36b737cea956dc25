/** Chinese labels for the API's codes and enum values (the values themselves come from the API). */
import { LEVEL_LABEL } from '@gridflow/domain/org-code';
import { ROLE_LABEL } from '@gridflow/domain/roles';
import type { TimeRequestKind } from './types';
import { STATUS_LABEL as DOMAIN_STATUS_LABEL } from '@gridflow/domain/six-steps';

export { LEVEL_LABEL, ROLE_LABEL };

/** Status words from the six steps (libs/domain): the same on tags, lists and the 六联单 bar. */
export const STATUS_LABEL: Readonly<Record<string, string>> = DOMAIN_STATUS_LABEL;

/** The 六联单 step each status waits for. */
export const STATUS_STEP: Record<string, string> = {
  submitted: '群众点单',
  accepted: '网格接单',
  dispatched: '村社派单',
  claimed: '党员接单',
  resolved: '办结',
  verified: '督查兑单',
  archived: '归档销单',
  rejected: '退回',
};

export const STATUS_COLOR: Record<string, string> = {
  submitted: 'blue',
  accepted: 'geekblue',
  dispatched: 'purple',
  claimed: 'cyan',
  resolved: 'gold',
  verified: 'lime',
  archived: 'green',
  rejected: 'default',
};

export const ACTION_LABEL: Record<string, string> = {
  accept: '接单',
  dispatch: '派单',
  claim: '认领',
  decline: '退单',
  resolve: '办结',
  verify: '督查兑单',
  archive: '归档销单',
  reject: '退回',
  escalate: '报大事（上报）',
  comment: '备注',
};

export const EVENT_LABEL: Record<string, string> = {
  filed: '群众点单',
  accepted: '网格接单',
  accepted_self: '网格接单（自办）',
  dispatched: '村社派单',
  auto_dispatched: '自动派单',
  claimed: '党员接单',
  declined: '退单',
  resolved: '办结',
  verified: '督查兑单（通过）',
  rework: '督查兑单（返工）',
  archived: '归档销单',
  rejected: '退回',
  escalated: '上报',
  commented: '备注',
  warning: '临期预警',
  overdue: '超时',
  rated: '群众评价',
  extension_requested: '申请延期',
  extension_approved: '延期已批准',
  extension_refused: '延期未批准',
  suspension_requested: '申请挂起',
  suspended: '已挂起',
  suspension_refused: '挂起未批准',
  resumed: '恢复计时',
  located: '已定位',
};

export const SATISFACTION_LABEL: Record<string, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  neutral: '一般',
  dissatisfied: '不满意',
};

export const REJECT_REASON_LABEL: Record<string, string> = {
  not_admissible: '不属于准入事项',
  duplicate: '重复工单',
  invalid: '无效诉求',
  transferred: '转其他部门',
};

export const TIER_LABEL: Record<string, string> = { grid: '网格办理（办小事）', escalate: '上报处置（报大事）' };

export const ITEM_STATUS_LABEL: Record<string, string> = { proposed: '待审批', active: '已准入', retired: '已退出' };

export const TIME_REQUEST_KIND_LABEL: Record<TimeRequestKind, string> = { extension: '延期', suspension: '挂起' };

export const WORKER_TYPE_LABEL: Record<string, string> = {
  full_time: '专职网格员',
  part_time: '兼职网格员',
  assistant: '网格辅助员',
  micro: '微网格员',
};

export const GRID_TYPE_LABEL: Record<string, string> = {
  community: '社区网格',
  village: '农村网格',
  special: '专属网格',
};

export const CHANNEL_LABEL: Record<string, string> = {
  public: '群众自主点单',
  staff: '网格员代点单',
  hotline: '12345热线',
  open311: '第三方平台',
};

const ERROR_CODE_LABEL: Record<string, string> = {
  VALIDATION_FAILED: '填写有误',
  UNAUTHENTICATED: '登录已失效或用户名密码错误',
  FORBIDDEN: '无权进行此操作',
  NOT_FOUND: '未找到，或不在您的管辖范围内',
  STATE_CONFLICT: '当前状态不允许此操作（可能已被他人处理，请刷新）',
  ALREADY_EXISTS: '已存在，请换一个',
  ITEM_NOT_ADMITTED: '该事项不在网格准入清单内',
  OUTSIDE_ALL_GRIDS: '该位置不在任何网格内',
  ESCALATION_REQUIRED: '该事项须上报处置，不能由网格自办',
  IDEMPOTENCY_KEY_REUSED: '重复提交的内容不一致',
  PAYLOAD_TOO_LARGE: '文件或内容过大',
  UNSUPPORTED_MEDIA_TYPE: '文件类型不支持（仅限 JPEG、PNG、WebP 图片或 PDF）',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂不可用，请稍后再试',
  INTERNAL_ERROR: '系统出错，请稍后再试',
  NETWORK: '网络不可用，请检查网络后重试',
};

export function errorCodeLabel(code: string): string {
  return ERROR_CODE_LABEL[code] ?? `请求失败（${code}）`;
}

const FIELD_LABEL: Record<string, string> = {
  username: '用户名',
  password: '密码',
  displayName: '姓名',
  itemCode: '事项',
  description: '诉求描述',
  gridCode: '网格',
  location: '位置',
  'location.lng': '经度',
  'location.lat': '纬度',
  reporter: '群众信息',
  'reporter.phone': '联系电话',
  'reporter.name': '群众姓名',
  assigneeId: '办理人',
  reason: '原因',
  result: '办理结果',
  comment: '说明',
  outcome: '督查结论',
  satisfaction: '满意度',
  code: '编码',
  name: '名称',
  boundary: '网格边界',
  scopeCode: '管辖范围',
  role: '角色',
  phone: '电话',
};

export function fieldLabel(field: string): string {
  return FIELD_LABEL[field] ?? field;
}

/** The server's field problems (API.md `details[].problem`, English) in Chinese. */
const PROBLEM_LABEL: Record<string, string> = {
  'already exists': '已存在',
  'already linked': '已关联其他人员',
  'already passed': '时间已过',
  'unknown field': '不允许的字段',
  malformed: '格式不正确',
  'must not contain NUL characters': '含有不允许的字符',
  'must not be blank': '不能为空',
  'must be a mainland mobile (11 digits) or a landline with its area code': '应为 11 位手机号或带区号的固定电话',
  'must be an existing org unit in your scope': '应为您管辖范围内的组织',
  'no such user in your scope': '您的管辖范围内没有此用户',
  'unknown item': '未知事项',
  'outside every grid': '不在任何网格内',
  'this location is in a grid outside your scope': '该位置所在网格不在您的管辖范围内',
  'this grid is retired': '该网格已撤销',
  'this grid is retired; file under the grid that replaced it': '该网格已撤销，请在接替它的网格下提交',
  'not allowed for an escalate-tier item': '上报处置类事项不能这样办理',
  'one pending request at a time': '已有一个待审批的申请',
  'must be pending': '应为待审批状态',
  'reused with another body': '重复提交的内容不一致',
  'must use http or https': '应以 http 或 https 开头',
  'must be an absolute http or https URL': '应为完整的 http 或 https 网址',
  'only when the callback reached the resident (callbackReached: true)': '仅在回访联系到群众时填写',
  'must be a date YYYY-MM-DD': '应为日期（年-月-日）',
  'must be a real date YYYY-MM-DD': '应为有效日期（年-月-日）',
  'must be a date-time such as 2030-01-15T10:00:00Z': '应为日期时间',
  'must be at most a year': '最长一年',
  locked: '已锁定',
};

/** class-validator's standard messages ("<field> must be …"), by pattern. */
const PROBLEM_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/must be longer than or equal to (\d+) characters$/, (m) => `至少 ${m[1]} 个字符`],
  [/must be shorter than or equal to (\d+) characters$/, (m) => `最多 ${m[1]} 个字符`],
  [/should not be empty$/, () => '不能为空'],
  [/must be a string$/, () => '应为文字'],
  [/must be an? (?:number|integer)(?: number)?(?: conforming to the specified constraints)?$/, () => '应为数字'],
  [/must not be less than (-?[\d.]+)$/, (m) => `不能小于 ${m[1]}`],
  [/must not be greater than (-?[\d.]+)$/, (m) => `不能大于 ${m[1]}`],
  [/must be one of the following values: (.+)$/, (m) => `应为以下之一：${m[1]}`],
  [/must be a UUID$/, () => '格式不正确'],
  [/must be a boolean value$/, () => '应为是或否'],
  [/must be an array$/, () => '应为列表'],
  [/must match .+ regular expression$/, () => '格式不正确'],
  [/needs status /, () => '当前状态不允许此操作'],
];

/** A field problem in Chinese; anything unrecognised is said generically, never in English. */
export function problemLabel(problem: string): string {
  const known = PROBLEM_LABEL[problem];
  if (known) return known;
  for (const [pattern, say] of PROBLEM_PATTERNS) {
    const m = problem.match(pattern);
    if (m) return say(m);
  }
  return /[\u4e00-\u9fff]/.test(problem) ? problem : '不符合要求';
}
