import {
  Alert,
  App,
  Button,
  Card,
  Cascader,
  Descriptions,
  Flex,
  Form,
  Input,
  Result,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, errorText } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency-key';
import { TIER_LABEL } from '../../api/labels';
import type { PossibleDuplicate, Ticket } from '../../api/types';
import { useUser } from '../../auth/auth';
import { PhotoUpload } from '../../components/attachments';
import { ErrorAlert } from '../../components/feedback';
import { DuplicateHints } from './duplicate-hints';
import { geolocationProblem, type Located, LocationPicker, type Point } from './location-picker';
import { useCatalog } from './use-catalog';
import { useScopeGrids } from './use-scope-grids';
import { useSubmitGuard } from '../../components/use-submit-guard';
import { useOutbox } from '../../offline/outbox-context';
import { normalizePhone, PHONE_PATTERN } from '@gridflow/domain/phone';

/** The API's own rule (apps/api/src/common/validators.ts IsPhone): a mobile, or a landline with area code. */
const compactPhone = (phone?: string) => normalizePhone((phone ?? '').trim());

interface FormValues {
  itemPath: [string, string];
  description: string;
  reporterName?: string;
  reporterPhone?: string;
  gridCode: string;
  address?: string;
  urgent: boolean;
}

type Filed = Ticket & { possibleDuplicates?: PossibleDuplicate[] };

/** 代群众点单: a grid worker or dispatcher files a resident's request (POST /tickets). */
export function FileTicketPage() {
  // 'kept': recorded without signal, in the outbox (待发送) until the network returns.
  const [filed, setFiled] = useState<Filed | 'kept' | null>(null);
  const [round, setRound] = useState(0);
  const again = () => {
    setFiled(null);
    setRound((r) => r + 1);
  };
  if (filed === 'kept') return <KeptResult onAgain={again} />;
  if (filed) return <FiledResult ticket={filed} onAgain={again} />;
  return <FileTicketForm key={round} onFiled={setFiled} />;
}

function FileTicketForm({ onFiled }: { onFiled: (t: Filed | 'kept') => void }) {
  const user = useUser();
  const { message } = App.useApp();
  const { record } = useOutbox();
  const [offlinePhotos, setOfflinePhotos] = useState<File[]>([]);
  const [form] = Form.useForm<FormValues>();
  const { catalog, error: catalogError, reload: reloadCatalog } = useCatalog();
  const scope = useScopeGrids(user.scopeCode);
  const [point, setPoint] = useState<Point | null>(null);
  const [located, setLocated] = useState<Located | null>(null);
  const [gpsBusy, setGpsBusy] = useState(false);
  const [gpsProblem, setGpsProblem] = useState<string | null>(null);
  const [photos, setPhotos] = useState<string[]>([]);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const { busy, guard } = useSubmitGuard();
  // One key for this form: a retry after a lost answer is recognised by the API, never filed twice.
  const idempotencyKey = useRef(newIdempotencyKey());
  const locateCall = useRef(0);

  // A grid worker of one grid files there unless a located point says otherwise.
  const onlyGrid = scope.grids.length === 1 ? scope.grids[0].code : undefined;
  useEffect(() => {
    if (onlyGrid && !form.getFieldValue('gridCode')) form.setFieldValue('gridCode', onlyGrid);
  }, [onlyGrid, form]);

  const itemPath = Form.useWatch('itemPath', form);
  const gridCode = Form.useWatch('gridCode', form);
  const item = itemPath ? catalog?.item(itemPath[1]) : undefined;

  const pick = async (p: Point) => {
    const mine = ++locateCall.current;
    setPoint(p);
    setGpsProblem(null);
    setLocated({ kind: 'busy' });
    try {
      const grid = await api.get<{ code: string; name: string }>('/grids/locate', { lng: p.lng, lat: p.lat });
      if (mine !== locateCall.current) return;
      setLocated({ kind: 'grid', code: grid.code, name: grid.name });
      form.setFieldValue('gridCode', grid.code);
    } catch (error) {
      if (mine !== locateCall.current) return;
      if (error instanceof ApiError && error.status === 404) {
        setLocated({ kind: 'outside' });
        form.setFieldValue('gridCode', undefined);
      } else setLocated({ kind: 'failed', message: `无法确定所在网格：${errorText(error)}` });
    }
  };

  const gps = () => {
    if (!('geolocation' in navigator) || !window.isSecureContext) {
      setGpsProblem(geolocationProblem());
      return;
    }
    setGpsBusy(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setGpsBusy(false);
        pick({ lng: pos.coords.longitude, lat: pos.coords.latitude, accuracy: pos.coords.accuracy });
      },
      (error) => {
        setGpsBusy(false);
        setGpsProblem(geolocationProblem(error));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const chooseGrid = (code: string) => {
    form.setFieldValue('gridCode', code);
    // A point in another grid would be filed under a grid it is not in: the choice wins.
    if (point && !(located?.kind === 'grid' && located.code === code)) {
      locateCall.current++;
      setPoint(null);
      setLocated(null);
      message.info('已改为按所选网格点单，地图上的位置已清除');
    }
  };

  const submit = guard(async (v: FormValues) => {
    setSubmitError(null);
    const phone = compactPhone(v.reporterPhone);
    const name = v.reporterName?.trim();
    const body = {
      itemCode: v.itemPath[1],
      description: v.description.trim(),
      gridCode: v.gridCode || undefined,
      // a point (with its address), or an address alone: the address register places it, or it
      // waits unlocated (待定位) for the desk to place it
      location: point
        ? { lng: +point.lng.toFixed(7), lat: +point.lat.toFixed(7), address: v.address?.trim() || undefined }
        : v.address?.trim()
          ? { address: v.address.trim() }
          : undefined,
      reporter: name || phone ? { name: name || undefined, phone: phone || undefined } : undefined,
      urgent: v.urgent,
      attachmentIds: photos.length ? photos : undefined,
    };
    try {
      // Photos taken without signal are not uploaded yet: the outbox sends them, then the filing.
      if (offlinePhotos.length) throw new ApiError(0, 'NETWORK', '');
      const ticket = await api.post<Filed>('/tickets', body, {
        headers: { 'Idempotency-Key': idempotencyKey.current },
      });
      message.success('点单成功');
      onFiled(ticket);
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) {
        // The same key on every try: a filing whose answer was lost is not filed twice.
        await record({
          kind: 'file',
          summary: body.description.slice(0, 40),
          body,
          photos: offlinePhotos.length ? offlinePhotos : undefined,
          idempotencyKey: idempotencyKey.current,
        });
        onFiled('kept');
        return;
      }
      // The key was used for other content (the form changed after a lost answer): the next try is a new request.
      if (error instanceof ApiError && error.code === 'IDEMPOTENCY_KEY_REUSED')
        idempotencyKey.current = newIdempotencyKey();
      setSubmitError(error);
    }
  });

  const options = (catalog?.categories ?? [])
    .filter((c) => c.items.length > 0)
    .map((c) => ({
      value: c.code,
      label: `${c.code} ${c.name}`,
      children: c.items.map((i) => ({ value: i.code, label: `${i.code} ${i.name}${i.urgent ? '（紧急）' : ''}` })),
    }));

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        代群众点单
      </Typography.Title>
      <ErrorAlert error={catalogError} onRetry={reloadCatalog} />
      <ErrorAlert error={scope.error} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        size="large"
        initialValues={{ urgent: false }}
        onFinish={submit}
        scrollToFirstError
      >
        <Card size="small" title="事项" style={{ marginBottom: 12 }}>
          <Form.Item
            name="itemPath"
            label="准入事项"
            rules={[{ required: true, message: '请选择事项' }]}
            style={{ marginBottom: item ? 8 : 0 }}
          >
            <Cascader
              options={options}
              placeholder="按分类选择事项"
              showSearch
              expandTrigger="click"
              displayRender={(labels) => labels[labels.length - 1]}
              onChange={(path) => {
                const chosen = path ? catalog?.item(String(path[1])) : undefined;
                // The API's default urgency is the item's: start from it, the worker may change it.
                form.setFieldValue('urgent', chosen?.urgent ?? false);
              }}
              style={{ width: '100%' }}
            />
          </Form.Item>
          {item && (
            <Flex gap={4} wrap data-testid="item-tier">
              <Tag color={item.tier === 'grid' ? 'green' : 'volcano'}>{TIER_LABEL[item.tier]}</Tag>
              {item.urgent && <Tag color="red">紧急事项</Tag>}
              <Tag>责任部门：{item.department}</Tag>
            </Flex>
          )}
        </Card>

        <Card size="small" title="诉求" style={{ marginBottom: 12 }}>
          <Form.Item
            name="description"
            label="诉求描述"
            rules={[
              { required: true, whitespace: true, message: '请填写诉求描述' },
              { max: 2000, message: '诉求描述不超过 2000 字' },
            ]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder="群众反映的问题、时间、涉及人员等" />
          </Form.Item>
          <Form.Item name="urgent" label="紧急" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Switch checkedChildren="紧急" unCheckedChildren="一般" />
          </Form.Item>
        </Card>

        <Card size="small" title="群众信息（选填）" style={{ marginBottom: 12 }}>
          <Form.Item name="reporterName" label="姓名" rules={[{ max: 50, message: '姓名不超过 50 字' }]}>
            <Input maxLength={50} placeholder="例如：王女士" autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="reporterPhone"
            label="联系电话"
            style={{ marginBottom: 0 }}
            rules={[
              {
                validator: (_, value?: string) =>
                  !compactPhone(value) || PHONE_PATTERN.test(compactPhone(value))
                    ? Promise.resolve()
                    : Promise.reject(new Error('请输入 11 位手机号，或带区号的座机号（如 0352-1234567）')),
              },
            ]}
          >
            <Input inputMode="tel" maxLength={24} placeholder="手机或座机" autoComplete="off" />
          </Form.Item>
        </Card>

        <Card size="small" title="位置与网格" style={{ marginBottom: 12 }}>
          <Form.Item
            name="gridCode"
            dependencies={['address']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  value || (getFieldValue('address') as string | undefined)?.trim()
                    ? Promise.resolve()
                    : Promise.reject(new Error('请定位、在地图上点选或选择网格，或填写地址')),
              }),
            ]}
          >
            <LocationPicker
              scope={scope}
              point={point}
              located={located}
              gridCode={gridCode}
              gpsBusy={gpsBusy}
              gpsProblem={gpsProblem}
              onGps={gps}
              onPick={pick}
              onGrid={chooseGrid}
            />
          </Form.Item>
          <Form.Item
            name="address"
            label="详细地址"
            rules={[{ max: 200, message: '地址不超过 200 字' }]}
            extra={
              point || gridCode
                ? undefined
                : '没有定位也可只填地址：按标准地址库匹配网格，匹配不到的进入“待定位”，由派单员在地图上定位'
            }
          >
            <Input maxLength={200} placeholder="例如：和平小区3号楼东侧" />
          </Form.Item>
        </Card>

        <Card size="small" title="现场照片（选填）" style={{ marginBottom: 12 }}>
          <PhotoUpload onChange={setPhotos} onOffline={setOfflinePhotos} />
        </Card>

        <Card size="small" title="重复提示" style={{ marginBottom: 12 }}>
          <DuplicateHints itemCode={item?.code} gridCode={gridCode} location={point} />
        </Card>

        {submitError ? (
          <Alert type="error" showIcon role="alert" title={errorText(submitError)} style={{ marginBottom: 12 }} />
        ) : null}
        <Button type="primary" htmlType="submit" block loading={busy} style={{ height: 52, fontSize: 18 }}>
          提交点单
        </Button>
      </Form>
    </div>
  );
}

function KeptResult({ onAgain }: { onAgain: () => void }) {
  return (
    <Card style={{ maxWidth: 720, margin: '0 auto' }}>
      <Result
        status="info"
        title="已保存，待发送"
        subTitle="当前没有网络。点单已保存在本机，联网后自动提交，提交后可在工单列表中查看。"
        style={{ padding: '16px 0' }}
      />
      <Button size="large" block onClick={onAgain}>
        再填一单
      </Button>
    </Card>
  );
}

function FiledResult({ ticket, onAgain }: { ticket: Filed; onAgain: () => void }) {
  useEffect(() => {
    window.scrollTo(0, 0);
  }, []);
  return (
    <Card style={{ maxWidth: 720, margin: '0 auto' }}>
      <Result
        status="success"
        title="点单成功"
        subTitle="请把查询码告诉群众，可凭查询码查看办理进度。"
        style={{ padding: '16px 0' }}
      />
      <Descriptions
        column={1}
        bordered
        size="small"
        styles={{ label: { width: 96 } }}
        items={[
          { key: 'number', label: '工单编号', children: <Typography.Text copyable>{ticket.number}</Typography.Text> },
          {
            key: 'tracking',
            label: '查询码',
            children: (
              <Typography.Text copyable strong data-testid="tracking-code">
                {ticket.trackingCode}
              </Typography.Text>
            ),
          },
          // 待定位: the address register did not know the address
          ...(ticket.gridCode
            ? []
            : [
                {
                  key: 'unlocated',
                  label: '网格',
                  children: (
                    <Typography.Text type="warning" data-testid="filed-unlocated">
                      待定位：地址未能匹配网格，已交派单员在地图上定位
                    </Typography.Text>
                  ),
                },
              ]),
        ]}
      />
      {ticket.possibleDuplicates && ticket.possibleDuplicates.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={`提交时发现 ${ticket.possibleDuplicates.length} 条可能重复的工单，接单时请核实`}
        />
      )}
      <Flex vertical gap={8} style={{ marginTop: 16 }}>
        <Link to={`/tickets/${ticket.id}`}>
          <Button type="primary" size="large" block>
            查看工单
          </Button>
        </Link>
        <Button size="large" block onClick={onAgain}>
          再填一单
        </Button>
      </Flex>
    </Card>
  );
}
