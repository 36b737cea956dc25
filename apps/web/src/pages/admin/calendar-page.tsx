import {
  Alert,
  Badge,
  Button,
  Calendar,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  Popconfirm,
  Row,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert, useNotify } from '../../components/feedback';
import { useApi } from '../../components/use-api';
import { useSubmitGuard } from '../../components/use-submit-guard';

/** GET /calendar/days (libs/catalog WorkingCalendarService.listDays). */
interface CalendarDay {
  date: string;
  working: boolean;
  kind: 'workday' | 'holiday' | 'weekend';
  name: string | null;
  source: 'override' | 'official' | 'weekday-rule';
}

interface DaysAnswer {
  officialYears: { first: number; last: number } | null;
  days: CalendarDay[];
}

const SOURCE_LABEL: Record<CalendarDay['source'], string> = {
  override: '管理员设置',
  official: '国家法定安排',
  'weekday-rule': '按周一至周五工作',
};

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const DATE = 'YYYY-MM-DD';

const isWeekend = (date: string) => [0, 6].includes(dayjs(date).day());

/** 节假日 / 调休上班 / 工作日 / 休息日, with the colour it is marked in. */
function describe(day: CalendarDay): { label: string; color: string } {
  if (day.kind === 'holiday') return { label: '节假日', color: 'red' };
  if (day.kind === 'workday' && isWeekend(day.date)) return { label: '调休上班', color: 'orange' };
  if (day.kind === 'workday') return { label: '工作日', color: 'default' };
  return { label: '休息日', color: 'default' };
}

/** Days that differ from the plain Monday–Friday rule. */
const special = (d: CalendarDay) =>
  d.source === 'override' || d.kind === 'holiday' || (d.kind === 'workday' && isWeekend(d.date));

/** 工作日历: holidays and 调休 makeup days that time limits count with; admins add overrides. */
export function AdminCalendarPage() {
  // antd's calendar header has a year and a month select without a label: name them.
  const calendarBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const selects = calendarBox.current?.querySelectorAll('.ant-picker-calendar-header .ant-select input') ?? [];
    selects.forEach((input, i) => input.setAttribute('aria-label', i === 0 ? '年份' : '月份'));
  });
  const screens = Grid.useBreakpoint();
  const [month, setMonth] = useState(() => dayjs().startOf('month'));
  const [selected, setSelected] = useState(() => dayjs().format(DATE));
  // The calendar shows up to six weeks around the month.
  const from = month.subtract(7, 'day').format(DATE);
  const to = month.endOf('month').add(14, 'day').format(DATE);
  const days = useApi(() => api.get<DaysAnswer>('/calendar/days', { from, to }), [from, to]);
  const byDate = new Map((days.data?.days ?? []).map((d) => [d.date, d]));
  const day = byDate.get(selected);
  const monthKey = month.format('YYYY-MM');
  const monthSpecial = (days.data?.days ?? []).filter((d) => d.date.startsWith(monthKey) && special(d));
  const official = days.data?.officialYears;

  const cell = (date: Dayjs) => {
    const d = byDate.get(date.format(DATE));
    if (!d || !special(d)) return null;
    const { label, color } = describe(d);
    const mark = d.kind === 'holiday' ? '休' : d.kind === 'workday' ? '班' : '休';
    if (!screens.md) return <Badge color={color === 'red' ? '#c8161d' : '#fa8c16'} />;
    return (
      <Space size={2} orientation="vertical" style={{ fontSize: 12 }} data-day={d.date}>
        <Tag color={color === 'default' ? 'blue' : color} style={{ marginInlineEnd: 0 }}>
          {mark} {d.name ?? label}
        </Tag>
        {d.source === 'override' && <Typography.Text type="secondary">自定义</Typography.Text>}
      </Space>
    );
  };

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        工作日历
      </Typography.Title>
      <Alert
        type={official && month.year() > official.last ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        title={
          official
            ? `按工作时间计时的事项只计工作日（08:30–12:00、14:30–18:00）。内置国家法定节假日与调休安排覆盖 ${official.first}–${official.last} 年${
                month.year() > official.last ? `；${month.year()} 年的安排公布后请在此逐日设置` : ''
              }。`
            : '按工作时间计时的事项只计工作日（08:30–12:00、14:30–18:00）。'
        }
      />
      <ErrorAlert error={days.error} onRetry={days.reload} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card styles={{ body: { padding: screens.md ? 12 : 4 } }} ref={calendarBox}>
            <Spin spinning={days.loading}>
              <Calendar
                fullscreen={!!screens.md}
                value={dayjs(selected)}
                onSelect={(date, info) => {
                  setSelected(date.format(DATE));
                  if (info.source !== 'date') setMonth(date.startOf('month'));
                  else if (!date.isSame(month, 'month')) setMonth(date.startOf('month'));
                }}
                onPanelChange={(date) => setMonth(date.startOf('month'))}
                cellRender={(date, info) => (info.type === 'date' ? cell(date) : null)}
              />
            </Spin>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <DayCard date={selected} day={day} loading={days.loading} onChanged={days.reload} />
          <Card
            title={`${month.format('YYYY年M月')}特殊日期`}
            style={{ marginTop: 16 }}
            styles={{ body: { paddingTop: 0 } }}
          >
            {monthSpecial.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本月没有节假日或调休" />
            ) : (
              monthSpecial.map((d) => {
                const { label, color } = describe(d);
                return (
                  <div
                    key={d.date}
                    role="button"
                    tabIndex={0}
                    onClick={() => setSelected(d.date)}
                    onKeyDown={(e) => e.key === 'Enter' && setSelected(d.date)}
                    style={{
                      display: 'flex',
                      flexWrap: 'wrap',
                      alignItems: 'center',
                      gap: 8,
                      padding: '10px 0',
                      borderBottom: '1px solid #f0f0f0',
                      cursor: 'pointer',
                      background: d.date === selected ? '#fff1f0' : undefined,
                    }}
                  >
                    <span>
                      {d.date.slice(5)} {WEEKDAY[dayjs(d.date).day()]}
                    </span>
                    <Tag color={color === 'default' ? undefined : color}>{label}</Tag>
                    {d.name && <Typography.Text type="secondary">{d.name}</Typography.Text>}
                    {d.source === 'override' && <Tag color="blue">管理员设置</Tag>}
                  </div>
                );
              })
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** The chosen day, and the override form (PUT / DELETE /calendar/days/:date). */
function DayCard({
  date,
  day,
  loading,
  onChanged,
}: {
  date: string;
  day: CalendarDay | undefined;
  loading: boolean;
  onChanged: () => void;
}) {
  const [form] = Form.useForm<{ name?: string }>();
  const [busy, setBusy] = useState<string | null>(null);
  const { guard } = useSubmitGuard();
  const { run } = useNotify();

  const set = guard(async (kind: 'workday' | 'holiday') => {
    const { name } = form.getFieldsValue();
    if (name && name.trim().length > 50) return;
    setBusy(kind);
    const ok = await run(
      api.put(`/calendar/days/${date}`, { kind, name: name?.trim() || undefined }),
      `${date} 已设为${kind === 'holiday' ? '节假日' : '工作日'}`,
    );
    setBusy(null);
    if (ok) {
      form.resetFields();
      onChanged();
    }
  });

  const clear = guard(async () => {
    setBusy('clear');
    const ok = await run(api.delete(`/calendar/days/${date}`), `${date} 已恢复默认安排`);
    setBusy(null);
    if (ok) onChanged();
  });

  const info = day ? describe(day) : null;
  return (
    <Card title={`${date} ${WEEKDAY[dayjs(date).day()]}`} data-testid="calendar-day">
      {!day ? (
        loading ? (
          <Spin style={{ display: 'block', margin: '16px auto' }} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未能读取这一天" />
        )
      ) : (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'kind',
                label: '安排',
                children: <Tag color={info!.color === 'default' ? undefined : info!.color}>{info!.label}</Tag>,
              },
              { key: 'working', label: '计入工作时间', children: day.working ? '是' : '否' },
              { key: 'name', label: '名称', children: day.name ?? '—' },
              { key: 'source', label: '来源', children: SOURCE_LABEL[day.source] },
            ]}
          />
          <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
            <Form.Item
              name="name"
              label="名称（可选）"
              rules={[{ max: 50, message: '最多 50 个字' }]}
              style={{ marginBottom: 12 }}
            >
              <Input placeholder="如：春节、春节补班" maxLength={50} />
            </Form.Item>
            <Space wrap>
              <Button danger onClick={() => set('holiday')} loading={busy === 'holiday'} disabled={!!busy}>
                设为节假日
              </Button>
              <Button onClick={() => set('workday')} loading={busy === 'workday'} disabled={!!busy}>
                设为工作日
              </Button>
              {day.source === 'override' && (
                <Popconfirm
                  title="删除这一天的设置？"
                  description="删除后恢复为国家法定安排或周末规则。"
                  okText="删除"
                  okButtonProps={{ danger: true }}
                  onConfirm={clear}
                >
                  <Button type="link" loading={busy === 'clear'} disabled={!!busy && busy !== 'clear'}>
                    恢复默认
                  </Button>
                </Popconfirm>
              )}
            </Space>
          </Form>
        </>
      )}
    </Card>
  );
}
